package org.rapport.sales.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A stored opportunity.
 *
 * @param probability the chance in percent that it is won: its stage's default
 * @param closedAt when it moved to a won or lost stage, or null while open
 * @param closeReason why it was won or lost, as given
 * @param leadId the lead whose conversion opened it, or null
 */
public record Opportunity(long id, String name, Long contactId, Long accountId, Long leadId, BigDecimal amount,
        String currency, String stage, int probability, LocalDate expectedClose, String owner, String nextStep,
        Instant createdAt, Instant updatedAt, Instant closedAt, String closeReason) {
}
