package org.rapport.communication.impl;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.rapport.communication.api.Message;
import org.rapport.communication.api.MessageChannel;
import org.rapport.communication.api.SendOutcome;
import org.rapport.communication.api.SendRequest;
import org.rapport.communication.api.Template;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;
import org.rapport.persistence.Columns;
import org.rapport.persistence.Transactions;

/**
 * Puts messages in the outbox: each request checked and rendered for its contact, then stored;
 * one at a time ({@link #send}) or a page in one transaction ({@link #sendAll}).
 */
final class Queueing {

    /** Contacts per read of a page: well inside every database's limit on an {@code in} list. */
    private static final int CHUNK = 1000;

    /** A request checked and rendered, ready to store. */
    private record Rendered(SendRequest request, Contact contact, String channel, String address, String purpose,
            String reference, String template, String language, String subject, String body, String html,
            String headers, String files, String keeper, String label, List<String> thread) {
    }

    private final EntityManagerFactory emf;
    private final ContactService contacts;
    private final ChannelRegistry channels;
    private final TemplateStore templates;
    private final Clock clock;

    Queueing(EntityManagerFactory emf, ContactService contacts, ChannelRegistry channels, TemplateStore templates,
            Clock clock) {
        this.emf = emf;
        this.contacts = contacts;
        this.channels = channels;
        this.templates = templates;
        this.clock = clock;
    }

    /** One message, stored in a transaction of its own. */
    Message send(SendRequest request, String requester) {
        if (request == null) {
            throw new IllegalArgumentException("a message is required");
        }
        Contact contact = contacts.find(request.contactId())
                .orElseThrow(() -> new IllegalArgumentException("contactId " + request.contactId() + " is not a contact"));
        Rendered r = render(request, contact, new HashMap<>());
        return Transactions.retrying(emf, 3, em -> {
            Optional<MessageEntity> earlier = r.reference() == null ? Optional.empty()
                    : em.createQuery("select m from MessageEntity m where m.reference = :r", MessageEntity.class)
                            .setParameter("r", r.reference()).getResultStream().findFirst();
            if (earlier.isPresent()) {
                return same(earlier.get(), r);
            }
            MessageEntity stored = store(em, r, requester);
            em.flush();
            return stored.toMessage();
        });
    }

    /**
     * A page: each request checked and rendered (a refusal is that request's outcome), then every
     * message stored in one transaction.
     */
    List<SendOutcome> sendAll(List<SendRequest> requests, String requester) {
        if (requests == null) {
            throw new IllegalArgumentException("requests are required");
        }
        for (int i = 0; i < requests.size(); i++) {
            if (requests.get(i) == null) {
                throw new IllegalArgumentException("requests[" + i + "] is missing");
            }
        }
        Map<Long, Contact> known = contactsOf(requests);
        Map<List<String>, Template> read = new HashMap<>();
        List<Object> checked = new ArrayList<>(); // a Rendered, or the refusal's text
        for (SendRequest request : requests) {
            Contact contact = known.get(request.contactId());
            try {
                if (contact == null) {
                    throw new IllegalArgumentException("contactId " + request.contactId() + " is not a contact");
                }
                checked.add(render(request, contact, read));
            } catch (IllegalArgumentException refused) {
                checked.add(refused.getMessage());
            }
        }
        return Transactions.retrying(emf, 3, em -> {
            Map<String, MessageEntity> byReference = earlier(em, checked);
            List<SendOutcome> outcomes = new ArrayList<>();
            for (Object c : checked) {
                if (c instanceof Rendered r) {
                    outcomes.add(outcome(em, r, byReference, requester));
                } else {
                    outcomes.add(new SendOutcome(null, (String) c));
                }
            }
            em.flush(); // once for the page: a flush looks at every message the transaction holds
            return outcomes;
        });
    }

    private SendOutcome outcome(EntityManager em, Rendered r, Map<String, MessageEntity> byReference, String requester) {
        MessageEntity earlier = r.reference() == null ? null : byReference.get(r.reference());
        if (earlier != null) {
            try {
                return new SendOutcome(same(earlier, r), null);
            } catch (IllegalArgumentException refused) {
                return new SendOutcome(null, refused.getMessage());
            }
        }
        MessageEntity stored = store(em, r, requester);
        if (r.reference() != null) {
            byReference.put(r.reference(), stored);
        }
        return new SendOutcome(stored.toMessage(), null);
    }

    /** The page's contacts, a thousand to a read. */
    private Map<Long, Contact> contactsOf(List<SendRequest> requests) {
        List<Long> ids = requests.stream().map(SendRequest::contactId).distinct().toList();
        Map<Long, Contact> known = new HashMap<>();
        for (int start = 0; start < ids.size(); start += CHUNK) {
            contacts.find(ids.subList(start, Math.min(ids.size(), start + CHUNK))).forEach(c -> known.put(c.id(), c));
        }
        return known;
    }

    /** The messages stored before under the page's references, a thousand references to a query. */
    private static Map<String, MessageEntity> earlier(EntityManager em, List<Object> checked) {
        List<String> references = checked.stream().filter(c -> c instanceof Rendered r && r.reference() != null)
                .map(c -> ((Rendered) c).reference()).distinct().toList();
        Map<String, MessageEntity> found = new HashMap<>();
        for (int start = 0; start < references.size(); start += CHUNK) {
            em.createQuery("select m from MessageEntity m where m.reference in :r", MessageEntity.class)
                    .setParameter("r", references.subList(start, Math.min(references.size(), start + CHUNK)))
                    .getResultList().forEach(m -> found.put(m.reference, m));
        }
        return found;
    }

    /**
     * The request checked and rendered for its contact.
     *
     * @param read the templates read so far, by code and the contact's language
     * @throws IllegalArgumentException naming the field at fault
     */
    private Rendered render(SendRequest request, Contact contact, Map<List<String>, Template> read) {
        String channelName = Columns.required("channel", request.channel(), 60);
        MessageChannel channel = channels.find(channelName).orElseThrow(() -> new IllegalArgumentException("channel '"
                + channelName + "' is not registered; registered: " + String.join(", ", channels.all().keySet())));
        String address = channel.address(contact).orElseThrow(() -> new IllegalArgumentException("channel '"
                + channelName + "' cannot reach contact " + contact.id() + ": no address for it"));
        String purpose = Columns.required("purpose", request.purpose(), 60).toLowerCase(Locale.ROOT);
        String reference = Columns.optional("reference", request.reference(), 200);
        String code = Columns.required("template", request.template(), 60);
        String headers = MessageHeaders.encode(request.headers());
        String files = MessageFiles.encode(request.attachments());
        if ((request.keeper() == null) != (request.label() == null)) {
            throw new IllegalArgumentException((request.keeper() == null ? "keeper" : "label")
                    + ": is required with " + (request.keeper() == null ? "label" : "keeper"));
        }
        String keeper = request.keeper() == null ? null : InboundKeepers.filedAs("keeper", request.keeper(), 40);
        String label = request.label() == null ? null : InboundKeepers.filedAs("label", request.label(), 200);
        List<String> thread = request.inReplyTo() == null ? List.of() : thread(request.inReplyTo(), contact.id());
        List<String> key = Arrays.asList(code, contact.language());
        Template template = read.get(key);
        if (template == null) {
            template = templates.forContact(code, contact.language());
            read.put(key, template);
        }
        List<String> missing = new ArrayList<>();
        for (String text : new String[] {template.subject(), template.body(), template.html()}) {
            for (String name : Placeholders.requiredVariables(text)) {
                if (!request.variables().containsKey(name) && !missing.contains(name)) {
                    missing.add(name);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("variables: template '" + code + "' needs " + String.join(", ", missing));
        }
        return new Rendered(request, contact, channelName, address, purpose, reference, code, template.language(),
                Placeholders.render(template.subject(), contact, request.variables()),
                Placeholders.render(template.body(), contact, request.variables()),
                HtmlBody.render(template.html(), contact, request.variables(), request.openPixel()), headers, files,
                keeper, label, thread);
    }

    /**
     * The thread a reply to the inbound message continues ({@link InboundEntity#thread()}).
     *
     * @throws IllegalArgumentException if it is not an inbound message of the contact
     */
    private List<String> thread(long inboundId, long contactId) {
        InboundEntity inbound = Transactions.read(emf, em -> em.find(InboundEntity.class, inboundId));
        if (inbound == null || inbound.contactId == null || inbound.contactId != contactId) {
            throw new IllegalArgumentException("inReplyTo: " + inboundId + " is not an inbound message of contact "
                    + contactId);
        }
        return inbound.thread();
    }

    /**
     * The message stored before under the request's reference, when it is the same message.
     *
     * @throws IllegalArgumentException if the reference was used for a different message
     */
    private static Message same(MessageEntity m, Rendered r) {
        if (m.contactId != r.contact().id() || !m.template.equals(r.template()) || !m.channel.equals(r.channel())) {
            throw new IllegalArgumentException("reference '" + r.reference() + "' was used for message " + m.id
                    + " (" + m.template + " to contact " + m.contactId + " by " + m.channel + ")");
        }
        return m.toMessage();
    }

    private MessageEntity store(EntityManager em, Rendered r, String requester) {
        MessageEntity entity = new MessageEntity(r.contact().id(), r.channel(), r.template(), r.language(), r.purpose(),
                r.address(), r.subject(), r.body(), r.reference(), requester, clock.instant());
        entity.headers = r.headers();
        entity.html = r.html();
        entity.attachments = r.files();
        entity.keeper = r.keeper();
        entity.label = r.label();
        if (!r.thread().isEmpty()) {
            entity.inReplyTo = r.thread().get(r.thread().size() - 1);
            entity.references = String.join("\n", r.thread());
        }
        em.persist(entity); // its id drawn now, from the table generator's block
        return entity;
    }
}
