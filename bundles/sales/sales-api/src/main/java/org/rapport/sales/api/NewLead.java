package org.rapport.sales.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A lead as it is captured. {@code name}, {@code source} and one of {@code email} or
 * {@code phone} are required.
 *
 * @param source where the lead came from, lower-case letters, digits and dashes ({@code web-form},
 *               {@code referral}, {@code event}, {@code import}); the scoring rules read it
 * @param answers the form's answers by question name (letters, digits, '-', '_'), at most 20
 * @param owner the user the lead is assigned to, or null to let the routing rules decide
 * @param consents the consent purposes the person granted when the lead was captured (such as
 *                 {@code marketing}): recorded through the consent service for the lead's contact,
 *                 at once when it has one, else when its conversion creates one
 */
public record NewLead(String name, String email, String phone, String company, String source,
        Map<String, String> answers, String owner, Set<String> consents) {

    public NewLead {
        // Copies that keep the order sent (and a null sent in JSON, which the validation names).
        answers = answers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(answers));
        consents = consents == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(consents));
    }

    /** A lead without answers, owner or consent. */
    public NewLead(String name, String email, String phone, String company, String source) {
        this(name, email, phone, company, source, null, null, null);
    }
}
