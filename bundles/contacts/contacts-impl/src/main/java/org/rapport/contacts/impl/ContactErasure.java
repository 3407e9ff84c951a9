package org.rapport.contacts.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.InteractionService;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.api.ErasureParticipant;

/**
 * The contacts bundle's part in erasure and export: the contact record, its tags and every
 * interaction on its timeline, payloads included. It runs last, as the others may still look
 * the contact up.
 */
@Component
public class ContactErasure implements ErasureParticipant {

    private final EntityManagerFactory emf;
    private final ContactService contacts;
    private final InteractionService interactions;

    @Activate
    public ContactErasure(@Reference(target = "(osgi.unit.name=rapport-contacts)") EntityManagerFactory emf,
            @Reference ContactService contacts, @Reference InteractionService interactions) {
        this.emf = emf;
        this.contacts = contacts;
        this.interactions = interactions;
    }

    @Override
    public String name() {
        return "contacts";
    }

    @Override
    public int order() {
        return 100;
    }

    @Override
    public Map<String, Object> export(long contactId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("contact", contacts.find(contactId).orElse(null));
        List<Interaction> timeline = new ArrayList<>();
        for (int offset = 0; ; offset += InteractionService.MAX_PAGE) {
            List<Interaction> page = interactions.timeline(contactId, Set.of(), offset, InteractionService.MAX_PAGE);
            timeline.addAll(page);
            if (page.size() < InteractionService.MAX_PAGE) {
                break;
            }
        }
        data.put("interactions", timeline);
        return data;
    }

    @Override
    public String erase(long contactId) {
        return Transactions.inTransaction(emf, em -> {
            int interactionCount = em.createQuery("delete from InteractionEntity i where i.contactId = :c")
                    .setParameter("c", contactId).executeUpdate();
            int tags = em.createQuery("delete from ContactTagEntity t where t.contactId = :c").setParameter("c", contactId)
                    .executeUpdate();
            int contact = em.createQuery("delete from ContactEntity c where c.id = :c").setParameter("c", contactId)
                    .executeUpdate();
            return contact + " contact record, " + tags + " tag(s) and " + interactionCount
                    + " interaction(s) with their payloads deleted";
        });
    }
}
