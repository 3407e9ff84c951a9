package org.rapport.offers.facts;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A customer as the offers rules see them: what they bought, spend, tier and segments.
 * {@code OfferProfile( boughtCategory("espresso"), !bought("GRINDER-1"), tier == "Gold" )}.
 * Lists are written as scenarios write them, values separated by {@code ;}
 * ({@code categories: "coffee;espresso"}).
 */
public final class OfferProfile {

    private final long contactId;
    private final String tier;
    private final long spend;
    private final int purchases;
    private final Set<String> categories;
    private final Set<String> skus;
    private final Set<String> segments;

    /**
     * @param tier the loyalty tier, or null for a contact who is no member
     * @param spend what they spent in the last 12 months, in whole units of the programme's currency
     * @param purchases how many purchases in the last 12 months
     * @param categories the categories bought, separated by {@code ;} (compared in lower case)
     * @param skus the SKUs bought, separated by {@code ;}
     * @param segments the segments they are in, separated by {@code ;}
     */
    public OfferProfile(long contactId, String tier, long spend, int purchases, String categories, String skus,
            String segments) {
        this.contactId = contactId;
        this.tier = tier;
        this.spend = spend;
        this.purchases = purchases;
        this.categories = split(categories, true);
        this.skus = split(skus, false);
        this.segments = split(segments, false);
    }

    /** {@code a;b;c} from {@code values}, as the constructor reads lists. */
    public static String join(Collection<String> values) {
        return values.stream().sorted().collect(Collectors.joining(";"));
    }

    private static Set<String> split(String values, boolean lowerCase) {
        if (values == null || values.isBlank()) {
            return Set.of();
        }
        TreeSet<String> set = Arrays.stream(values.split(";")).map(String::strip).filter(v -> !v.isEmpty())
                .map(v -> lowerCase ? v.toLowerCase(Locale.ROOT) : v).collect(Collectors.toCollection(TreeSet::new));
        return Collections.unmodifiableSet(set);
    }

    public long getContactId() {
        return contactId;
    }

    /** The contact's id: decisions about a customer are about their id, as {@code rules:why <id>} asks. */
    public long getSubject() {
        return contactId;
    }

    public String getTier() {
        return tier;
    }

    public long getSpend() {
        return spend;
    }

    public int getPurchases() {
        return purchases;
    }

    public Set<String> getCategories() {
        return categories;
    }

    public Set<String> getSkus() {
        return skus;
    }

    public Set<String> getSegments() {
        return segments;
    }

    /** Whether they bought anything of {@code category} (in any case). */
    public boolean boughtCategory(String category) {
        return category != null && categories.contains(category.toLowerCase(Locale.ROOT));
    }

    /** Whether they bought the SKU. */
    public boolean bought(String sku) {
        return skus.contains(sku);
    }

    /** Whether they are in the segment. */
    public boolean inSegment(String segment) {
        return segments.contains(segment);
    }

    @Override
    public String toString() {
        return "OfferProfile[contact " + contactId + ", tier " + tier + ", spend " + spend + ", purchases " + purchases
                + ", categories " + categories + ", skus " + skus + ", segments " + segments + "]";
    }
}
