package org.rapport.privacy.impl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.rapport.privacy.api.LawfulBasis;

/**
 * The purposes consent is recorded for and the lawful basis the gate applies to each, as the
 * administrator set them in {@code etc/org.rapport.privacy.cfg}: {@code consent} (the action
 * needs a grant in force) or {@code legitimate-interests} (it goes ahead unless the person
 * objected). A purpose not named in {@code bases} is on consent.
 */
final class PurposeBases {

    private final List<String> purposes;
    private final Map<String, LawfulBasis> bases;

    private PurposeBases(List<String> purposes, Map<String, LawfulBasis> bases) {
        this.purposes = List.copyOf(purposes);
        this.bases = Map.copyOf(bases);
    }

    /** Every purpose on consent. */
    static PurposeBases consent(List<String> purposes) {
        return of(purposes, Map.of());
    }

    /**
     * @throws IllegalArgumentException naming the setting and the value at fault: no purpose, a
     *         purpose that is not a lower-case word, a basis for a purpose not in the list, or a
     *         basis other than consent and legitimate interests
     */
    static PurposeBases of(List<String> purposes, Map<String, LawfulBasis> bases) {
        if (purposes.isEmpty()) {
            throw new IllegalArgumentException("purposes in " + PrivacyConfig.PID + " name no purpose");
        }
        for (String purpose : purposes) {
            if (!purpose.matches("[a-z][a-z0-9-]{0,59}")) {
                throw new IllegalArgumentException("purpose '" + purpose + "' in " + PrivacyConfig.PID
                        + " must be a lower-case word ('-' allowed), such as marketing");
            }
        }
        bases.forEach((purpose, basis) -> {
            if (!purposes.contains(purpose)) {
                throw new IllegalArgumentException("bases in " + PrivacyConfig.PID + " names '" + purpose
                        + "', which is not one of the purposes " + String.join(", ", purposes));
            }
            if (basis != LawfulBasis.CONSENT && basis != LawfulBasis.LEGITIMATE_INTERESTS) {
                throw new IllegalArgumentException("bases in " + PrivacyConfig.PID + " gives " + purpose + " the basis "
                        + basis.label() + "; the gate applies consent or legitimate-interests");
            }
        });
        return new PurposeBases(purposes, bases);
    }

    /**
     * Reads {@code bases} as configured: {@code purpose:basis} entries, comma separated in a .cfg
     * file (one string) or one per element of a .config file's array.
     *
     * @throws IllegalArgumentException naming the entry at fault
     */
    static Map<String, LawfulBasis> parse(String[] configured) {
        Map<String, LawfulBasis> bases = new LinkedHashMap<>();
        for (String value : configured == null ? new String[0] : configured) {
            for (String entry : value.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                String[] parts = entry.split(":", -1);
                if (parts.length != 2 || parts[0].isBlank()) {
                    throw new IllegalArgumentException("bases in " + PrivacyConfig.PID + ": '" + entry.strip()
                            + "' must be purpose:basis, such as profiling:legitimate-interests");
                }
                String purpose = parts[0].strip().toLowerCase(Locale.ROOT);
                String basis = parts[1].strip();
                if (bases.containsKey(purpose)) {
                    throw new IllegalArgumentException("bases in " + PrivacyConfig.PID + " names " + purpose + " twice");
                }
                try {
                    // "legitimate-interest" reads as the basis people say it is.
                    bases.put(purpose, LawfulBasis.parse(basis.equalsIgnoreCase("legitimate-interest")
                            ? "legitimate-interests" : basis));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("bases in " + PrivacyConfig.PID + ", purpose " + purpose + ": "
                            + e.getMessage(), e);
                }
            }
        }
        return bases;
    }

    List<String> purposes() {
        return purposes;
    }

    LawfulBasis of(String purpose) {
        return bases.getOrDefault(purpose, LawfulBasis.CONSENT);
    }
}
