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
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.InteractionService;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.spi.ErasureParticipant;

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
    private final ContactImports imports;

    @Activate
    public ContactErasure(@Reference(target = "(osgi.unit.name=rapport-contacts)") EntityManagerFactory emf,
            @Reference ContactService contacts, @Reference InteractionService interactions,
            @Reference ContactImports imports) {
        this.emf = emf;
        this.contacts = contacts;
        this.interactions = interactions;
        this.imports = imports;
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
        List<Contact> merged = new ArrayList<>();
        for (long id : Transactions.read(emf, em -> em.createQuery("select c.id from ContactEntity c where c.mergedInto = :c",
                Long.class).setParameter("c", contactId).getResultList())) {
            contacts.find(id).ifPresent(merged::add);
        }
        if (!merged.isEmpty()) {
            data.put("merged records", merged);
        }
        return data;
    }

    @Override
    public String erase(long contactId) {
        // Uploads of imports that are not running (ended, cancelled, stopped short) may hold the person: they go now.
        int files = imports.deleteLeftovers(true);
        return Transactions.inTransaction(emf, em -> {
            // The records merged into this contact are the same person's: they go too, with the merges.
            List<Long> ids = new ArrayList<>(List.of(contactId));
            for (int i = 0; i < ids.size(); i++) {
                ids.addAll(em.createQuery("select c.id from ContactEntity c where c.mergedInto = :c", Long.class)
                        .setParameter("c", ids.get(i)).getResultList());
            }
            List<Long> merges = em.createQuery("select m.id from MergeEntity m where m.survivorId in :ids "
                    + "or m.mergedId in :ids", Long.class).setParameter("ids", ids).getResultList();
            if (!merges.isEmpty()) {
                em.createQuery("delete from MergeMoveEntity m where m.mergeId in :merges").setParameter("merges", merges)
                        .executeUpdate();
                em.createQuery("delete from MergeEntity m where m.id in :merges").setParameter("merges", merges)
                        .executeUpdate();
            }
            // Import reports written before they stopped quoting values may still name the person in a refused row.
            List<String> values = new ArrayList<>();
            em.createQuery("select c from ContactEntity c where c.id in :c", ContactEntity.class).setParameter("c", ids)
                    .getResultList().forEach(c -> values.addAll(c.identifyingValues()));
            long reports = values.isEmpty() ? 0 : em.createQuery("select j from ImportJobEntity j where j.errors is not null",
                    ImportJobEntity.class).getResultStream().filter(j -> j.forget(values)).count();
            int interactionCount = em.createQuery("delete from InteractionEntity i where i.contactId in :c")
                    .setParameter("c", ids).executeUpdate();
            int tags = em.createQuery("delete from ContactTagEntity t where t.contactId in :c").setParameter("c", ids)
                    .executeUpdate();
            int properties = em.createQuery("delete from ContactPropertyEntity v where v.contactId in :c")
                    .setParameter("c", ids).executeUpdate();
            int contact = em.createQuery("delete from ContactEntity c where c.id in :c").setParameter("c", ids)
                    .executeUpdate();
            return contact + " contact record (with its address), " + tags + " tag(s), " + properties
                    + " custom propert(ies) and " + interactionCount + " interaction(s) with their payloads deleted"
                    + (merges.isEmpty() ? "" : ", with " + merges.size() + " merge record(s)")
                    + (reports == 0 ? "" : "; refused rows dropped from " + reports + " import report(s)")
                    + (files == 0 ? "" : "; " + files + " left-over import upload(s) deleted");
        });
    }
}
