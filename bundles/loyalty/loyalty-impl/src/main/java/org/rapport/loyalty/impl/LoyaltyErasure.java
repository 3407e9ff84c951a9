package org.rapport.loyalty.impl;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.spi.ErasureParticipant;

/**
 * Loyalty's part in erasure and export. The tier history (profiling: the activity each tier
 * was decided on) and the purchases' lines (what the contact bought, article by article) are
 * deleted. The points ledger and the purchases are financial records, kept
 * as they are never deleted: they hold no name, address or phone, only the contact's id, which
 * names no one once the contact record is gone.
 */
@Component
public class LoyaltyErasure implements ErasureParticipant {

    private final EntityManagerFactory emf;
    private final LoyaltyService loyalty;

    @Activate
    public LoyaltyErasure(@Reference(target = "(osgi.unit.name=rapport-loyalty)") EntityManagerFactory emf,
            @Reference LoyaltyService loyalty) {
        this.emf = emf;
        this.loyalty = loyalty;
    }

    @Override
    public String name() {
        return "loyalty";
    }

    @Override
    public Map<String, Object> export(long contactId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("member", loyalty.member(contactId).orElse(null));
        data.put("ledger", loyalty.ledger(contactId, 100_000));
        data.put("tiers", loyalty.tierHistory(contactId));
        data.put("purchaseLines", Transactions.read(emf, em -> PurchaseLineStore.of(em, contactId).stream()
                .map(l -> Map.of("entryId", l.entryId(), "line", l.view())).toList()));
        return data;
    }

    @Override
    public String erase(long contactId) {
        return Transactions.inTransaction(emf, em -> {
            int tiers = em.createQuery("delete from TierChangeEntity t where t.contactId = :c").setParameter("c", contactId)
                    .executeUpdate();
            int lines = em.createQuery("delete from PurchaseLineEntity l where l.contactId = :c").setParameter("c",
                    contactId).executeUpdate();
            long entries = em.createQuery("select count(e) from EntryEntity e where e.contactId = :c", Long.class)
                    .setParameter("c", contactId).getSingleResult();
            return tiers + " tier change(s) and " + lines + " purchase line(s) deleted; " + entries + " ledger entries kept as financial records "
                    + "(no personal values, the contact's id only)";
        });
    }
}
