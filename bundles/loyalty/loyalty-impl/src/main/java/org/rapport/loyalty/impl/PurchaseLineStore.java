package org.rapport.loyalty.impl;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import javax.persistence.EntityManager;

import org.rapport.loyalty.api.PurchaseHistory;
import org.rapport.loyalty.api.PurchaseLine;

/**
 * A purchase's lines: checked one by one (an error names the line's index and field, as
 * {@code lines[2].quantity}), stored with the booking, read back per contact.
 */
final class PurchaseLineStore {

    static final int MAX_LINES = 500;
    static final int MAX_QUANTITY = 100_000;
    private static final BigDecimal MAX_PRICE = new BigDecimal("100000000");

    private PurchaseLineStore() {
    }

    /** The lines as they are stored (trimmed, categories in lower case), or why one cannot be. */
    static List<PurchaseLine> validate(List<PurchaseLine> lines) {
        if (lines.size() > MAX_LINES) {
            throw new IllegalArgumentException("lines: a purchase has at most " + MAX_LINES + " lines, this one has "
                    + lines.size());
        }
        List<PurchaseLine> checked = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String at = "lines[" + i + "]";
            PurchaseLine line = lines.get(i);
            if (line == null) {
                throw new IllegalArgumentException(at + " is empty; a line is {\"sku\": \"ESP-1\", \"quantity\": 1, "
                        + "\"unitPrice\": 249.00}");
            }
            String sku = Inputs.required(at + ".sku", line.sku(), 60);
            String category = Inputs.optional(at + ".category", line.category(), 60);
            if (line.quantity() < 1 || line.quantity() > MAX_QUANTITY) {
                throw new IllegalArgumentException(at + ".quantity must be from 1 to " + MAX_QUANTITY + ", was "
                        + line.quantity());
            }
            BigDecimal price = line.unitPrice();
            if (price == null) {
                throw new IllegalArgumentException(at + ".unitPrice is required");
            }
            if (price.signum() < 0 || price.compareTo(MAX_PRICE) >= 0) {
                throw new IllegalArgumentException(at + ".unitPrice must be zero or more and below "
                        + MAX_PRICE.toPlainString() + ", was " + price.toPlainString());
            }
            if (price.stripTrailingZeros().scale() > 2) {
                throw new IllegalArgumentException(at + ".unitPrice " + price.toPlainString() + " has more than two decimals");
            }
            checked.add(new PurchaseLine(sku, category == null ? null : category.toLowerCase(Locale.ROOT),
                    line.quantity(), price.setScale(2)));
        }
        return checked;
    }

    /** Stores the lines of the purchase booked as entry {@code entryId}. */
    static void store(EntityManager em, long entryId, long contactId, List<PurchaseLine> lines) {
        for (int i = 0; i < lines.size(); i++) {
            em.persist(new PurchaseLineEntity(entryId, i, contactId, lines.get(i)));
        }
    }

    /** The lines of a contact's purchases, by entry then place. */
    static List<PurchaseLineEntity> of(EntityManager em, long contactId) {
        return em.createQuery("select l from PurchaseLineEntity l where l.contactId = :c order by l.entryId, l.lineNo",
                PurchaseLineEntity.class).setParameter("c", contactId).getResultList();
    }

    /**
     * What {@code contactId} has bought: the categories and SKUs of their purchases' lines, and the
     * category of each purchase sent with one. One statement: the contact's lines and their purchases'
     * categories on the contact's indexes, the SKU and category columns alone.
     */
    static PurchaseHistory history(EntityManager em, long contactId) {
        Set<String> categories = new TreeSet<>();
        Set<String> skus = new TreeSet<>();
        int lines = 0;
        for (Object row : em.createNativeQuery("SELECT l.SKU, l.CATEGORY FROM LOYALTY_PURCHASE_LINE l"
                + " -- DERBY-PROPERTIES index=IX_PURCHASE_LINE_CONTACT\n"
                + "WHERE l.CONTACT_ID = ? UNION ALL SELECT CAST(NULL AS VARCHAR(60)), p.CATEGORY FROM LOYALTY_PURCHASE p"
                + " -- DERBY-PROPERTIES index=IX_PURCHASE_CONTACT_TIME\n"
                + "WHERE p.CONTACT_ID = ? AND p.CATEGORY IS NOT NULL").setParameter(1, contactId).setParameter(2, contactId)
                .getResultList()) {
            Object[] r = (Object[]) row;
            if (r[0] != null) {
                // A line: its category is stored in lower case.
                lines++;
                skus.add((String) r[0]);
                if (r[1] != null) {
                    categories.add((String) r[1]);
                }
            } else {
                categories.add(((String) r[1]).toLowerCase(Locale.ROOT));
            }
        }
        return new PurchaseHistory(contactId, categories, skus, lines);
    }

    /** The lines of one purchase, in their order. */
    static List<PurchaseLine> ofEntry(EntityManager em, long entryId) {
        return em.createQuery("select l from PurchaseLineEntity l where l.entryId = :e order by l.lineNo",
                PurchaseLineEntity.class).setParameter("e", entryId).getResultList().stream()
                .map(PurchaseLineEntity::view).toList();
    }
}
