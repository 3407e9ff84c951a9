package org.rapport.privacy.impl;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.api.ConsentService;
import org.rapport.privacy.spi.ErasureParticipant;

/** This bundle's own personal data: a contact's consent records and the actions the gate blocked. */
@Component
public class ConsentErasure implements ErasureParticipant {

    private final EntityManagerFactory emf;
    private final ConsentService consents;

    @Activate
    public ConsentErasure(@Reference(target = "(osgi.unit.name=rapport-privacy)") EntityManagerFactory emf,
            @Reference ConsentService consents) {
        this.emf = emf;
        this.consents = consents;
    }

    @Override
    public String name() {
        return "consent";
    }

    @Override
    public Map<String, Object> export(long contactId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("consents", consents.history(contactId));
        data.put("blockedActions", consents.blocks(contactId, 1000));
        return data;
    }

    @Override
    public String erase(long contactId) {
        return Transactions.inTransaction(emf, em -> {
            int records = em.createQuery("delete from ConsentEntity c where c.contactId = :c").setParameter("c", contactId)
                    .executeUpdate();
            int blocks = em.createQuery("delete from ConsentBlockEntity b where b.contactId = :c")
                    .setParameter("c", contactId).executeUpdate();
            return records + " consent record(s) and " + blocks + " blocked action(s) deleted";
        });
    }
}
