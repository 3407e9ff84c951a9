package org.rapport.sales.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a lead stands: open until someone qualifies, disqualifies or converts it. */
public enum LeadStatus {
    OPEN, QUALIFIED, DISQUALIFIED, CONVERTED;

    /** The status named by {@code text}, in any case. */
    public static LeadStatus parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("'" + text + "' is not a lead status; one of " + names());
        }
    }

    public static String names() {
        return Arrays.stream(values()).map(LeadStatus::label).collect(Collectors.joining(", "));
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
