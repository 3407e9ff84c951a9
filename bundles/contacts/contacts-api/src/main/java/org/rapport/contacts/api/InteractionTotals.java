package org.rapport.contacts.api;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A contact's interactions of one type in a period: how many, the latest, and the sum of their
 * amounts (0 when none had one).
 */
public record InteractionTotals(long contactId, long count, Instant latest, BigDecimal amount) {
}
