package org.rapport.campaigns.impl;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManagerFactory;

import org.rapport.campaigns.facts.CampaignDecisions;
import org.rapport.campaigns.facts.CandidateMessage;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.InteractionService;
import org.rapport.contacts.api.InteractionTotals;
import org.rapport.persistence.Transactions;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.RulesEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frequency caps and quiet hours, as the {@code campaigns} rule package decides them: the facts of a
 * page of a campaign's messages (each contact's campaign messages of the purpose in the last seven
 * days, their last complaint, the local time) evaluated in one batch, and what the rules decided for
 * each contact: held back with a reason, deferred to a time, or free to leave.
 */
final class CapRules {

    /** How far back complaints are read. */
    private static final Duration COMPLAINTS = Duration.ofDays(365);
    private static final Duration WEEK = Duration.ofDays(7);
    private static final int IN_LIST = 500;
    private static final Logger LOG = LoggerFactory.getLogger(CapRules.class);

    /** What the rules decided about one contact's message. */
    record Verdict(String heldBecause, Instant deferredUntil, List<DecisionLedger.Applied> applied) {

        static final Verdict FREE = new Verdict(null, null, List.of());

        boolean free() {
            return heldBecause == null && deferredUntil == null;
        }
    }

    /** The message about to leave: the campaign it belongs to. */
    record Campaign(long id, String name, String purpose, String channel) {
    }

    private final EntityManagerFactory emf;
    private final RulesEngine rules;
    private final InteractionService interactions;
    private final ContactService contacts;
    /** The quiet hours' local time for a contact with no time zone of their own. */
    private final ZoneId zone;

    CapRules(EntityManagerFactory emf, RulesEngine rules, InteractionService interactions, ContactService contacts,
            ZoneId zone) {
        this.emf = emf;
        this.rules = rules;
        this.interactions = interactions;
        this.contacts = contacts;
        this.zone = zone;
    }

    static ZoneId zone(String id) {
        try {
            return ZoneId.of(id == null || id.isBlank() ? "UTC" : id.strip());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("timeZone in etc/" + CampaignsConfig.PID + ".cfg: '" + id
                    + "' is not a time zone (an IANA zone such as Europe/Paris): " + e.getMessage(), e);
        }
    }

    /**
     * What the rules decide now about the campaign's message to each contact.
     *
     * @throws org.rapport.rules.api.RulesUnavailableException when the package has no active release
     */
    Map<Long, Verdict> judge(Campaign campaign, Collection<Long> contactIds, Instant now) {
        Map<Long, Verdict> verdicts = new LinkedHashMap<>();
        if (contactIds.isEmpty()) {
            return verdicts;
        }
        List<Long> ids = List.copyOf(contactIds);
        Map<Long, ZoneId> zones = zones(ids);
        Map<Long, CandidateMessage> facts = facts(campaign, ids, zones, now);
        Map<String, List<Decision>> bySubject = new HashMap<>();
        for (Decision d : rules.evaluate(CampaignDecisions.RULE_PACKAGE, facts.values()).decisions()) {
            bySubject.computeIfAbsent(d.subject(), s -> new ArrayList<>()).add(d);
        }
        for (long id : ids) {
            verdicts.put(id, verdict(bySubject.getOrDefault(Long.toString(id), List.of()), facts.get(id),
                    zones.getOrDefault(id, zone), now));
        }
        return verdicts;
    }

    /** Each contact's own time zone, for those who have one (the contacts' {@code timeZone}). */
    private Map<Long, ZoneId> zones(List<Long> ids) {
        Map<Long, ZoneId> zones = new HashMap<>();
        for (int from = 0; from < ids.size(); from += IN_LIST) {
            for (Contact c : contacts.find(ids.subList(from, Math.min(ids.size(), from + IN_LIST)))) {
                if (c.timeZone() != null) {
                    try {
                        zones.put(c.id(), ZoneId.of(c.timeZone()));
                    } catch (RuntimeException stale) {
                        LOG.debug("Contact {} has time zone '{}', unknown to this Java: the campaigns' zone is used",
                                c.id(), c.timeZone());
                    }
                }
            }
        }
        return zones;
    }

    private Verdict verdict(List<Decision> decisions, CandidateMessage fact, ZoneId local, Instant now) {
        List<DecisionLedger.Applied> holds = new ArrayList<>();
        String reason = null;
        Decision defer = null;
        for (Decision d : decisions) {
            if (d.type().equals(CampaignDecisions.HOLD)) {
                String because = d.attribute(CampaignDecisions.REASON);
                reason = reason != null ? reason : because == null || because.isBlank() ? "held back by " + d.rule() : because;
                holds.add(new DecisionLedger.Applied(d, fact.toString()));
            } else if (d.type().equals(CampaignDecisions.DEFER) && defer == null) {
                defer = d;
            }
        }
        if (reason != null) {
            return new Verdict(Reasons.of(reason), null, holds);
        }
        if (defer == null) {
            return Verdict.FREE;
        }
        return new Verdict(null, until(defer, local, now), List.of(new DecisionLedger.Applied(defer, fact.toString())));
    }

    /** The next {@code until} ({@code HH:mm} in {@code zone}) after now; an hour from now when the rule wrote no such time. */
    private Instant until(Decision defer, ZoneId zone, Instant now) {
        String until = defer.attribute(CampaignDecisions.UNTIL);
        try {
            LocalTime at = LocalTime.parse(until == null ? "" : until.strip());
            ZonedDateTime local = now.atZone(zone);
            ZonedDateTime next = local.with(at);
            return (next.isAfter(local) ? next : next.plusDays(1)).toInstant();
        } catch (DateTimeParseException e) {
            LOG.warn("Rule \"{}\" ({} v{}) deferred a message until '{}', not a time (HH:mm): it waits an hour",
                    defer.rule(), defer.rulePackage(), defer.release(), until);
            return now.plus(Duration.ofHours(1));
        }
    }

    private Map<Long, CandidateMessage> facts(Campaign campaign, List<Long> ids, Map<Long, ZoneId> zones, Instant now) {
        Map<Long, List<Instant>> recent = new HashMap<>();
        Map<Long, Instant> complaints = new HashMap<>();
        for (int from = 0; from < ids.size(); from += IN_LIST) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + IN_LIST));
            // Rows, not count() and max(): the provider does not convert an aggregate of a converted column.
            Transactions.read(emf, em -> em.createQuery("select r.contactId, r.queuedAt from RecipientEntity r, "
                    + "CampaignEntity c where r.campaignId = c.id and c.purpose = :purpose and r.campaignId <> :campaign "
                    + "and r.contactId in :ids and r.queuedAt >= :since and r.status in :sent", Object[].class)
                    .setParameter("purpose", campaign.purpose()).setParameter("campaign", campaign.id())
                    .setParameter("ids", chunk).setParameter("since", now.minus(WEEK))
                    .setParameter("sent", List.of(RecipientEntity.State.QUEUED, RecipientEntity.State.SENT,
                            RecipientEntity.State.BOUNCED))
                    .getResultList())
                    .forEach(row -> recent.computeIfAbsent((Long) row[0], k -> new ArrayList<>()).add((Instant) row[1]));
            for (InteractionTotals t : interactions.totals("complaint", now.minus(COMPLAINTS), null, chunk)) {
                complaints.put(t.contactId(), t.latest());
            }
        }
        Map<Long, CandidateMessage> facts = new LinkedHashMap<>();
        for (long id : ids) {
            ZonedDateTime local = now.atZone(zones.getOrDefault(id, zone));
            List<Instant> sent = recent.getOrDefault(id, List.of());
            Integer hours = sent.stream().max(Instant::compareTo).map(last -> (int) Duration.between(last, now).toHours())
                    .orElse(null);
            Instant complaint = complaints.get(id);
            Integer days = complaint == null ? null : (int) Math.max(0, Duration.between(complaint, now).toDays());
            facts.put(id, new CandidateMessage(id, campaign.name(), campaign.purpose(), campaign.channel(), sent.size(), hours,
                    days, local.getHour(), local.getMinute()));
        }
        return facts;
    }
}
