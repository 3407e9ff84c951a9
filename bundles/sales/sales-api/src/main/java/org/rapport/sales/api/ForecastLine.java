package org.rapport.sales.api;

import java.math.BigDecimal;

/**
 * The open opportunities expected to close in one month, of one owner, in one currency.
 *
 * @param month {@code 2026-11}
 * @param amount their amounts added up
 * @param weighted each amount times its stage's probability, added up (two decimals)
 */
public record ForecastLine(String month, String owner, String currency, long opportunities, BigDecimal amount,
        BigDecimal weighted) {
}
