package org.rapport.loyalty.impl;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.rapport.privacy.spi.ConsentGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a member's tier may be decided now, where the programme requires the consent gate to be
 * asked ({@code tierProfilingPurpose} in {@code etc/org.rapport.loyalty.cfg}; not as shipped, a
 * tier being part of the programme the member joined). A member the gate blocks keeps the tier and
 * grace period they have: no rule moves them up or down until the gate allows it again. Without a
 * gate to ask (privacy not installed) no tier is decided, since the programme requires the answer.
 */
final class TierConsent {

    private static final Logger LOG = LoggerFactory.getLogger(TierConsent.class);
    private static final String ACTION = "loyalty tier evaluation";

    /** The purpose asked for; null: nobody is asked about. */
    private volatile String purpose;
    private volatile ConsentGate gate;

    /** Asking {@code gate} for {@code purpose} (blank: asking nothing). */
    TierConsent(ConsentGate gate, String purpose) {
        this.gate = gate;
        purpose(purpose);
    }

    /** The purpose asked for from now on (the settings changed); blank: asking nothing. */
    void purpose(String asked) {
        this.purpose = asked == null || asked.isBlank() ? null : asked.strip();
    }

    /** Asks nothing: every member's tier is decided. */
    static TierConsent none() {
        return new TierConsent(null, "");
    }

    /** The gate, as it comes (privacy is optional to loyalty). */
    void bind(ConsentGate arrived) {
        gate = arrived;
    }

    void unbind(ConsentGate gone) {
        if (gate == gone) {
            gate = null;
        }
    }

    /** Whether the member's tier may be decided now, for {@code requester}. */
    boolean allows(long contactId, String requester) {
        return allowed(List.of(contactId), requester).contains(contactId);
    }

    /** Those of {@code contactIds} whose tier may be decided now; all of them when the programme asks nothing. */
    Set<Long> allowed(Collection<Long> contactIds, String requester) {
        return allowed(contactIds, ACTION, requester);
    }

    /** Why a member {@link #allowed} leaves out is kept from the rules, for a preview's report. */
    String reason() {
        String purpose = this.purpose;
        return gate == null ? "no consent gate to ask for purpose '" + purpose + "'"
                : "blocked by the consent gate for purpose '" + purpose + "'";
    }

    /** Those of {@code contactIds} whose tier may be decided now for {@code action}. */
    Set<Long> allowed(Collection<Long> contactIds, String action, String requester) {
        String purpose = this.purpose;
        if (purpose == null || contactIds.isEmpty()) {
            return new HashSet<>(contactIds);
        }
        ConsentGate asked = gate;
        if (asked == null) {
            LOG.warn("tierProfilingPurpose in {} is '{}' but no consent gate is there to ask: {} member(s) keep their "
                    + "tier", LoyaltyConfig.PID, purpose, contactIds.size());
            return Set.of();
        }
        return ConsentGate.allowed(asked.checkProfiling(contactIds, purpose, action, requester));
    }
}
