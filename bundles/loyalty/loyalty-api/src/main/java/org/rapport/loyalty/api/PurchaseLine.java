package org.rapport.loyalty.api;

import java.math.BigDecimal;

/**
 * One line of a purchase: what was bought, how many, at what price each. Lines come besides the
 * purchase's total, which alone earns points; they tell what the customer buys (offers decide on
 * the categories and SKUs).
 *
 * @param sku the seller's article number, 1 to 60 characters
 * @param category the article's category, or null (at most 60 characters)
 * @param quantity how many, 1 to 100,000
 * @param unitPrice the price of one, zero or more with at most two decimals
 */
public record PurchaseLine(String sku, String category, int quantity, BigDecimal unitPrice) {
}
