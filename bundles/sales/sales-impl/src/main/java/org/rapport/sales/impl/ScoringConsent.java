package org.rapport.sales.impl;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.rapport.privacy.spi.ConsentGate;

/**
 * Whether the leads of a batch may be scored, asked of the consent gate for the purpose
 * {@code scoringProfilingPurpose} names in {@code etc/org.rapport.sales.cfg} ({@code profiling} as
 * shipped, on legitimate interests: every lead but those whose contact objected). Scoring is
 * profiling: a lead linked to a contact the gate blocks is not seen by the rules, and its grade and
 * queue come from {@code unprofiledGrade} and {@code unprofiledQueue}, the same for everyone. The
 * gate records each block (who asked, for what), as it does for retention and loyalty. A lead not
 * linked to a contact yet is scored: nobody has objected for it.
 */
final class ScoringConsent {

    static final String ACTION = "lead scoring";

    private final ConsentGate gate;
    /** The purpose asked for; null: nobody is asked about. */
    private final String purpose;
    private final String grade;
    private final String queue;

    ScoringConsent(ConsentGate gate, String purpose, String grade, String queue) {
        this.gate = gate;
        this.purpose = purpose == null || purpose.isBlank() ? null : purpose.strip();
        this.grade = blankToNull(grade);
        this.queue = blankToNull(queue);
    }

    static ScoringConsent of(ConsentGate gate, SalesConfig config) {
        return new ScoringConsent(gate, config.scoringProfilingPurpose(), config.unprofiledGrade(),
                config.unprofiledQueue());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The contacts of {@code leads} whom the gate blocks now from being profiled for {@code requester}. */
    Set<Long> blocked(List<LeadEntity> leads, String requester) {
        return blocked(leads, ACTION, requester);
    }

    /** The contacts of {@code leads} whom the gate blocks now from being profiled for {@code action}. */
    Set<Long> blocked(List<LeadEntity> leads, String action, String requester) {
        if (purpose == null) {
            return Set.of();
        }
        List<Long> contacts = leads.stream().map(l -> l.contactId).filter(Objects::nonNull).distinct().toList();
        if (contacts.isEmpty()) {
            return Set.of();
        }
        Set<Long> blocked = new HashSet<>(contacts);
        blocked.removeAll(ConsentGate.allowed(gate.checkProfiling(contacts, purpose, action, requester)));
        return blocked;
    }

    /** Why a lead the gate blocks is kept from the rules, for a preview's report. */
    String reason() {
        return "blocked by the consent gate for purpose '" + purpose + "'";
    }

    /** The grade of a lead the rules may not see, or null. */
    String grade() {
        return grade;
    }

    /** The queue of a lead the rules may not see, or null. */
    String queue() {
        return queue;
    }
}
