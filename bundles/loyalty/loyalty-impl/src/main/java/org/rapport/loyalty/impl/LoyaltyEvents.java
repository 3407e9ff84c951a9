package org.rapport.loyalty.impl;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.persistence.EntityManager;

import org.rapport.loyalty.api.PurchaseEvent;
import org.rapport.persistence.DomainEvents;
import org.rapport.rules.api.Decision;

/**
 * The domain events loyalty records in the transaction of the change they announce
 * ({@link DomainEvents}): a booked purchase and a member's move to another tier. Ids, amounts and
 * codes only; the events bundle, when installed, delivers them to the systems subscribed.
 */
final class LoyaltyEvents {

    static final String PURCHASE_BOOKED = "purchase.booked";
    static final String TIER_CHANGED = "tier.changed";

    private LoyaltyEvents() {
    }

    /** A purchase was booked as entry {@code entryId}, earning {@code points}. */
    static void purchaseBooked(EntityManager em, PurchaseEvent purchase, long entryId, long points, Instant at) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("contactId", purchase.contactId());
        data.put("orderId", purchase.eventId());
        data.put("entryId", entryId);
        data.put("points", points);
        data.put("amount", purchase.amount());
        data.put("currency", purchase.currency());
        data.put("category", purchase.category());
        data.put("channel", PurchaseTimeline.channel(purchase.channel()).label());
        data.put("occurredAt", at);
        DomainEvents.record(em, PURCHASE_BOOKED, purchase.contactId(), at, data);
    }

    /** The member moved from one tier to another, as {@code decision} decided. */
    static void tierChanged(EntityManager em, long contactId, String fromTier, String toTier, Decision decision,
            Instant now) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("contactId", contactId);
        data.put("fromTier", fromTier);
        data.put("toTier", toTier);
        data.put("rule", decision.rule());
        data.put("release", ReleaseLabels.label(decision.rulePackage(), decision.release()));
        DomainEvents.record(em, TIER_CHANGED, contactId, now, data);
    }
}
