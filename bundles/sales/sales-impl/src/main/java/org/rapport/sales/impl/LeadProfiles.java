package org.rapport.sales.impl;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.rapport.contacts.api.InteractionService;
import org.rapport.contacts.api.InteractionTotals;
import org.rapport.sales.facts.LeadProfile;

/**
 * Leads as the scoring rules see them: their fields, and the activity of their contact (web visits
 * and opened emails in the last days), counted for a batch of leads in one query per type.
 */
final class LeadProfiles {

    /** Which interactions count as a lead's activity. */
    record Activity(String visitType, String emailOpenedType, Duration window) {
    }

    private final InteractionService interactions;
    private final Activity activity;

    LeadProfiles(InteractionService interactions, Activity activity) {
        this.interactions = interactions;
        this.activity = activity;
    }

    static LeadProfiles of(InteractionService interactions, SalesConfig config) {
        return new LeadProfiles(interactions, new Activity(config.visitType(), config.emailOpenedType(),
                Duration.ofDays(config.activityDays())));
    }

    /** The facts for {@code leads}, in their order. */
    List<LeadProfile> of(List<LeadEntity> leads, Instant now) {
        Set<Long> contacts = leads.stream().map(l -> l.contactId).filter(Objects::nonNull).collect(Collectors.toSet());
        Map<Long, Long> visits = counts(activity.visitType(), contacts, now);
        Map<Long, Long> opened = counts(activity.emailOpenedType(), contacts, now);
        List<LeadProfile> profiles = new ArrayList<>(leads.size());
        for (LeadEntity lead : leads) {
            String domain = lead.emailKey == null ? null : lead.emailKey.substring(lead.emailKey.indexOf('@') + 1);
            long contact = lead.contactId == null ? -1 : lead.contactId;
            profiles.add(new LeadProfile(lead.id, lead.source, domain, lead.company != null, lead.phone != null,
                    visits.getOrDefault(contact, 0L).intValue(), opened.getOrDefault(contact, 0L).intValue(),
                    Answers.forRules(lead.answers)));
        }
        return profiles;
    }

    private Map<Long, Long> counts(String type, Set<Long> contacts, Instant now) {
        if (contacts.isEmpty()) {
            return Map.of();
        }
        return interactions.totals(type, now.minus(activity.window()), null, contacts).stream()
                .collect(Collectors.toMap(InteractionTotals::contactId, InteractionTotals::count, Long::sum));
    }
}
