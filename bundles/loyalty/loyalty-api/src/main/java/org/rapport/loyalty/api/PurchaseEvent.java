package org.rapport.loyalty.api;

import java.math.BigDecimal;
import java.time.Instant;

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
 */
public record PurchaseEvent(long contactId, String eventId, BigDecimal amount, String currency, String channel,
        String category, Instant occurredAt) {
}
