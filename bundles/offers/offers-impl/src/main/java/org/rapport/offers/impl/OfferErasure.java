package org.rapport.offers.impl;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.offers.api.OfferService;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.spi.ErasureParticipant;

/**
 * A customer's acceptances of offers are exported with them, and erasure deletes them with the
 * digest of the offers last recorded for them. The decisions themselves are in the decision ledger,
 * which erasure reaches through privacy; the interactions on the timeline are the contacts'.
 */
@Component(service = ErasureParticipant.class)
public class OfferErasure implements ErasureParticipant {

    private final EntityManagerFactory emf;
    private final OfferService offers;

    @Activate
    public OfferErasure(@Reference(target = "(osgi.unit.name=rapport-offers)") EntityManagerFactory emf,
            @Reference OfferService offers) {
        this.emf = emf;
        this.offers = offers;
    }

    @Override
    public String name() {
        return "offers";
    }

    @Override
    public Map<String, Object> export(long contactId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("acceptances", offers.acceptances(contactId));
        return data;
    }

    @Override
    public String erase(long contactId) {
        return Transactions.inTransaction(emf, em -> {
            int accepted = em.createQuery("delete from AcceptanceEntity a where a.contactId = :c").setParameter("c",
                    contactId).executeUpdate();
            em.createQuery("delete from DecidedEntity d where d.contactId = :c").setParameter("c", contactId)
                    .executeUpdate();
            return accepted + " acceptance(s) of offers deleted";
        });
    }
}
