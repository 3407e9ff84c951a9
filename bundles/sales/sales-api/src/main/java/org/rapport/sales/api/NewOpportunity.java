package org.rapport.sales.api;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * An opportunity to open. {@code name}, {@code contactId}, {@code amount} and
 * {@code expectedClose} are required.
 *
 * @param currency an ISO 4217 code; the configured currency when null
 * @param stage a configured open stage; the first one when null
 * @param owner a user; the caller when null
 */
public record NewOpportunity(String name, Long contactId, BigDecimal amount, String currency, String stage,
        LocalDate expectedClose, String owner, String nextStep) {
}
