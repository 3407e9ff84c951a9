package org.rapport.communication.impl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.communication.api.InboundReader;
import org.rapport.communication.api.Message;
import org.rapport.communication.api.MessageService;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.spi.ErasureParticipant;
import org.rapport.privacy.spi.ExportRequester;

/**
 * Communication's part in erasure and export: every message to the contact, with its address and
 * text, every message from the contact, and the addresses of the contact's that bounced, are
 * exported, and deleted on erasure, including messages still waiting to be sent.
 */
@Component
public class MessageErasure implements ErasureParticipant {

    private final EntityManagerFactory emf;
    private final MessageServiceImpl messages;
    private final InboundServiceImpl inbound;

    @Activate
    public MessageErasure(@Reference(target = "(osgi.unit.name=rapport-communication)") EntityManagerFactory emf,
            @Reference MessageServiceImpl messages, @Reference InboundServiceImpl inbound) {
        this.emf = emf;
        this.messages = messages;
        this.inbound = inbound;
    }

    @Override
    public String name() {
        return "communication";
    }

    @Override
    public Map<String, Object> export(long contactId) {
        List<Message> all = new ArrayList<>();
        for (int offset = 0;; offset += MessageService.MAX_PAGE) {
            List<Message> page = messages.log(contactId, null, offset, MessageService.MAX_PAGE);
            all.addAll(page);
            if (page.size() < MessageService.MAX_PAGE) {
                break;
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("messages", all);
        data.put("inbound", Transactions.read(emf, em -> em.createQuery("select i from InboundEntity i where "
                + "i.contactId = :c order by i.id", InboundEntity.class).setParameter("c", contactId).getResultStream()
                .map(InboundEntity::toMessage).toList()));
        data.put("addresses", Transactions.read(emf, em -> em.createQuery("select a from AddressEntity a where "
                + "a.contactId = :c order by a.address", AddressEntity.class).setParameter("c", contactId)
                .getResultStream().map(AddressEntity::toState).toList()));
        return data;
    }

    /**
     * An administrator's export is complete; anyone else's leaves out the messages, inbound and sent,
     * their keeper keeps from the requester (a case's messages and replies in a queue they may not
     * see), naming each by its id and keeper only.
     */
    @Override
    public Map<String, Object> export(long contactId, ExportRequester requester) {
        Map<String, Object> data = export(contactId);
        if (!requester.complete()) {
            InboundReader reader = new InboundReader(requester.name(), requester.roles());
            data.put("messages", messages.exported(contactId, reader));
            data.put("inbound", inbound.exported(contactId, reader));
        }
        return data;
    }

    @Override
    public String erase(long contactId) {
        int[] deleted = Transactions.inTransaction(emf, em -> new int[] {
            em.createQuery("delete from MessageEntity m where m.contactId = :c").setParameter("c", contactId).executeUpdate(),
            em.createQuery("delete from InboundEntity i where i.contactId = :c").setParameter("c", contactId).executeUpdate(),
            em.createQuery("delete from AddressEntity a where a.contactId = :c").setParameter("c", contactId).executeUpdate()});
        return deleted[0] + " message(s) deleted, sent or waiting; " + deleted[1] + " inbound message(s) and "
                + deleted[2] + " bounced address(es) deleted";
    }
}
