package org.rapport.loyalty.api;

/**
 * Something members can redeem points for.
 *
 * @param code a short unique code, such as {@code COFFEE}
 * @param points what one costs, a positive whole number
 * @param stock how many are left, or null for unlimited
 * @param active false to withdraw it from redemption without losing its history
 */
public record Reward(String code, String name, long points, Integer stock, boolean active) {
}
