package org.rapport.service.api;

import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** How urgent a case is; the {@code service} rules set its targets from it. */
public enum CasePriority {
    LOW, NORMAL, HIGH, URGENT;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The priority named by {@code text}, in any case; {@code normal} when it is null or blank. */
    public static CasePriority parse(String text) {
        if (text == null || text.isBlank()) {
            return NORMAL;
        }
        for (CasePriority priority : values()) {
            if (priority.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return priority;
            }
        }
        throw CaseValidationException.of("priority", "'" + CaseValidationException.shorten(text)
                + "' is not a priority; one of " + Stream.of(values()).map(CasePriority::label)
                        .collect(Collectors.joining(", ")));
    }
}
