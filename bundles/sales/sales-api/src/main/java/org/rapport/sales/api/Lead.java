package org.rapport.sales.api;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stored lead.
 *
 * @param score the score the {@code sales} rules gave it, or null before they have
 * @param grade the grade the rules gave it ({@code A} to {@code D}), or null
 * @param queue the queue the routing rules put it in, or null
 * @param reason why it was qualified or disqualified, as given
 * @param contactId the contact it is linked to: the one its email or phone matched, or the one
 *                  its conversion created; null while it matches none
 * @param opportunityId the opportunity its conversion opened
 * @param form the web form that captured it, or null
 */
public record Lead(long id, String name, String email, String phone, String company, String source,
        Map<String, String> answers, LeadStatus status, Integer score, String grade, String queue, String owner,
        String reason, Long contactId, Long opportunityId, String form, Instant createdAt, Instant updatedAt,
        Instant scoredAt) {

    public Lead {
        answers = answers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(answers));
    }

    /** The subject of the rules' decisions about this lead, for {@code rules:why}: {@code lead:<id>}. */
    public String subject() {
        return subject(id);
    }

    /** The decision subject of the lead with id {@code id}. */
    public static String subject(long id) {
        return "lead:" + id;
    }
}
