package org.rapport.campaigns.api;

/**
 * One of a campaign's template variants.
 *
 * @param template the code of a template of the communication capability
 * @param share its weight in the split (1 to 100): a contact gets this variant with the chance
 *        {@code share / sum of shares}, the same variant every time it is asked
 */
public record Variant(String template, int share) {
}
