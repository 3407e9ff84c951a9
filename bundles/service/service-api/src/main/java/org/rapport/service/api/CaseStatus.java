package org.rapport.service.api;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Where a case stands. A case starts {@code new}; an assignment or the first reply opens it;
 * {@code pending} waits for the customer (a message from them opens it again); {@code resolved}
 * may be reopened or closed; {@code closed} is final.
 */
public enum CaseStatus {
    NEW, OPEN, PENDING, RESOLVED, CLOSED;

    /** The statuses a case in this one may move to. */
    public Set<CaseStatus> next() {
        switch (this) {
            case NEW:
                return EnumSet.of(OPEN, PENDING, RESOLVED, CLOSED);
            case OPEN:
                return EnumSet.of(PENDING, RESOLVED, CLOSED);
            case PENDING:
                return EnumSet.of(OPEN, RESOLVED, CLOSED);
            case RESOLVED:
                return EnumSet.of(OPEN, CLOSED);
            default:
                return EnumSet.noneOf(CaseStatus.class);
        }
    }

    /** Whether the case still waits for work: new, open or pending. */
    public boolean active() {
        return this == NEW || this == OPEN || this == PENDING;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status named by {@code text}, in any case. */
    public static CaseStatus parse(String text) {
        for (CaseStatus status : values()) {
            if (text != null && status.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return status;
            }
        }
        throw CaseValidationException.of("status", "'" + CaseValidationException.shorten(text) + "' is not a status; one of "
                + labels(Stream.of(values())));
    }

    static String labels(Stream<CaseStatus> statuses) {
        return statuses.map(CaseStatus::label).collect(Collectors.joining(", "));
    }
}
