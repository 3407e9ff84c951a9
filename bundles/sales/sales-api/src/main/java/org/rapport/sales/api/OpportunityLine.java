package org.rapport.sales.api;

import java.math.BigDecimal;

/**
 * A product line of an opportunity: a SKU or a name (or both), a quantity and a unit price in a
 * currency (the opportunity's; null means it). The opportunity's amount is the sum of its lines'
 * {@code quantity × unitPrice} while it has lines.
 */
public record OpportunityLine(String sku, String name, BigDecimal quantity, BigDecimal unitPrice, String currency) {

    /** {@code quantity × unitPrice}. */
    public BigDecimal total() {
        return quantity.multiply(unitPrice);
    }
}
