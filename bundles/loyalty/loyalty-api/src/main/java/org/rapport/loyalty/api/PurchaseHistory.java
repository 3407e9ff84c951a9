package org.rapport.loyalty.api;

import java.util.Set;

/**
 * What a contact has bought, as far as the purchase lines (and the category of a purchase sent
 * without lines) tell it: the categories and SKUs, from purchases whose details data retention has
 * not removed yet.
 *
 * @param categories every category bought, lower case
 * @param skus every SKU bought, as sent
 * @param lines how many purchase lines the contact has
 */
public record PurchaseHistory(long contactId, Set<String> categories, Set<String> skus, int lines) {

    public PurchaseHistory {
        categories = Set.copyOf(categories);
        skus = Set.copyOf(skus);
    }
}
