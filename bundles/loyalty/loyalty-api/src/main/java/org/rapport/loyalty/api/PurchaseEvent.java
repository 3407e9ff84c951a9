package org.rapport.loyalty.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A purchase as the selling system reports it.
 *
 * @param eventId the sender's id for the purchase, unique per purchase: sending it again returns
 *        the first outcome instead of earning twice
 * @param amount a positive amount with at most two decimals
 * @param currency ISO 4217 code; must be the programme's currency
 * @param channel where it was bought ({@code web}, {@code store}...), or null
 * @param category the product category, or null
 * @param occurredAt when it was bought; null means now. Not in the future.
 * @param lines what was bought, line by line (at most 500); empty when the seller sends the total only
 */
public record PurchaseEvent(long contactId, String eventId, BigDecimal amount, String currency, String channel,
        String category, Instant occurredAt, List<PurchaseLine> lines) {

    public PurchaseEvent {
        lines = lines == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(lines));
    }

    /** A purchase reported by its total only, without lines. */
    public PurchaseEvent(long contactId, String eventId, BigDecimal amount, String currency, String channel,
            String category, Instant occurredAt) {
        this(contactId, eventId, amount, currency, channel, category, occurredAt, List.of());
    }
}
