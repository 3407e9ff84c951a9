package org.rapport.privacy.api;

import java.util.Locale;

/** Why processing is lawful (GDPR article 6): the ground a grant of consent rests on. */
public enum LawfulBasis {
    CONSENT, CONTRACT, LEGAL_OBLIGATION, VITAL_INTERESTS, PUBLIC_TASK, LEGITIMATE_INTERESTS;

    /** The basis named by {@code text}, in any case, with '-' or '_' between words. */
    public static LawfulBasis parse(String text) {
        try {
            return valueOf(text.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("'" + text + "' is not a lawful basis; one of consent, contract, "
                    + "legal-obligation, vital-interests, public-task, legitimate-interests");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
