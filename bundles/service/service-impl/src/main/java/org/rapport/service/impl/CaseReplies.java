package org.rapport.service.impl;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.rapport.communication.api.Message;
import org.rapport.communication.api.MessageAttachment;
import org.rapport.communication.api.MessageService;
import org.rapport.communication.api.SendRequest;
import org.rapport.communication.api.Template;
import org.rapport.contacts.api.Channel;
import org.rapport.persistence.Transactions;
import org.rapport.service.api.CaseEntry;
import org.rapport.service.api.EntryKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's reply leaves through communication's outbox: the {@value #TEMPLATE} template with the
 * reply's text and the case's subject as variables, on the message channel configured for the
 * case's channel, for the configured purpose (the consent gate decides when it leaves), answering
 * the case's latest inbound message so that an email carries {@code In-Reply-To} and
 * {@code References}. The reply's entry keeps the message's id and follows its delivery state;
 * a reply that is blocked, fails or bounces also gets a note saying why. Only the message the
 * entry queued settles it: the reference also carries a random tag, so nobody can send a message
 * with a reference the service desk will use, and a message is taken only if its id is the one
 * the entry recorded. A reply no channel took (none configured for the case's channel, the outbox
 * refused it) is {@code unsent} with the reason, which the agent sees at once.
 */
final class CaseReplies {

    static final String TEMPLATE = "case-reply";
    static final String REFERENCE_PREFIX = "service-reply-";
    static final String AUTHOR = "service";

    private static final Logger LOG = LoggerFactory.getLogger(CaseReplies.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EntityManagerFactory emf;
    private final Map<String, String> channels;
    private final String purpose;
    private final Clock clock;
    private volatile MessageService messages;

    CaseReplies(EntityManagerFactory emf, ServiceConfig config, Clock clock) {
        this.emf = emf;
        this.clock = clock;
        this.channels = channels(config.replyChannels());
        String p = config.replyPurpose() == null ? "" : config.replyPurpose().strip();
        if (p.isEmpty()) {
            throw new IllegalArgumentException("etc/" + ServiceConfig.PID + ".cfg: replyPurpose: name the purpose "
                    + "the consent gate is asked about (service)");
        }
        this.purpose = p;
    }

    /** {@code caseChannel=messageChannel} pairs, each case channel checked. */
    static Map<String, String> channels(String[] configured) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : CaseInput.list(configured)) {
            int eq = pair.indexOf('=');
            String caseChannel = eq < 0 ? "" : pair.substring(0, eq).strip();
            String messageChannel = eq < 0 ? "" : pair.substring(eq + 1).strip();
            try {
                pairs.put(Channel.parse(caseChannel).label(), messageChannel);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("etc/" + ServiceConfig.PID + ".cfg: replyChannels: '" + pair
                        + "' is not caseChannel=messageChannel with a case channel of " + Channel.names());
            }
            if (messageChannel.isEmpty()) {
                throw new IllegalArgumentException("etc/" + ServiceConfig.PID + ".cfg: replyChannels: '" + pair
                        + "' names no message channel");
            }
        }
        return pairs;
    }

    /** The case channel of a message that came in on {@code inboundChannel}: by the pairs, else by its name, else other. */
    String caseChannel(String inboundChannel) {
        for (Map.Entry<String, String> pair : channels.entrySet()) {
            if (pair.getValue().equalsIgnoreCase(inboundChannel)) {
                return pair.getKey();
            }
        }
        try {
            return Channel.parse(inboundChannel).label();
        } catch (IllegalArgumentException e) {
            return Channel.OTHER.label();
        }
    }

    /** The outbox came: the {@value #TEMPLATE} template is created in English if it is missing. */
    void bind(MessageService outbox) {
        messages = outbox;
        try {
            if (outbox.template(TEMPLATE, MessageService.DEFAULT_LANGUAGE).isEmpty()) {
                outbox.saveTemplate(new Template(TEMPLATE, MessageService.DEFAULT_LANGUAGE, "Re: {{var.subject}}",
                        "{{var.text}}\n", null));
            }
        } catch (RuntimeException e) {
            LOG.warn("The template {} could not be created; replies fail until it exists: {}", TEMPLATE, e.getMessage());
        }
    }

    void unbind(MessageService outbox) {
        if (messages == outbox) {
            messages = null;
        }
    }

    /** Sends the reply {@code entry} of case {@code c}; answers the entry with its message and delivery state. */
    CaseEntry send(CaseEntity c, CaseEntry entry, String actor, List<MessageAttachment> files) {
        MessageService outbox = messages;
        if (outbox == null || c.contactId == null) {
            return entry;
        }
        String channel = channels.get(c.channel);
        if (channel == null) {
            return record(entry.id(), null, "unsent", "no message channel is configured for " + c.channel
                    + " cases (replyChannels)");
        }
        Long inReplyTo = Transactions.read(emf, em -> em.createQuery("select e.inboundId from CaseEntryEntity e where "
                + "e.caseId = :c and e.kind = :kind and e.inboundId is not null order by e.id desc", Long.class)
                .setParameter("c", c.id).setParameter("kind", EntryKind.MESSAGE.name()).setMaxResults(1)
                .getResultList().stream().findFirst().orElse(null));
        byte[] tag = new byte[16];
        RANDOM.nextBytes(tag);
        String reference = REFERENCE_PREFIX + entry.id() + "-" + Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        Message sent;
        try {
            sent = outbox.send(new SendRequest(c.contactId, channel, TEMPLATE, purpose, Map.of("subject", c.subject,
                    "text", entry.text()), reference, null, inReplyTo, null, files, CaseFiling.KEEPER, c.queue), actor);
        } catch (IllegalArgumentException e) {
            return record(entry.id(), null, "unsent", e.getMessage());
        }
        record(entry.id(), sent.id(), "queued", null);
        // A move of the case between the entry and the message refiled the case's messages without this one.
        String queue = Transactions.read(emf, em -> em.find(CaseEntity.class, c.id).queue);
        if (!queue.equals(c.queue)) {
            outbox.file(List.of(sent.id()), CaseFiling.KEEPER, queue);
        }
        // The dispatcher may have settled it already, before the entry knew its message.
        return settle(entry.id(), outbox.find(sent.id()).orElse(sent));
    }

    private CaseEntry record(long entryId, Long messageId, String delivery, String reason) {
        return Transactions.inTransaction(emf, em -> {
            CaseEntryEntity e = em.find(CaseEntryEntity.class, entryId, LockModeType.PESSIMISTIC_WRITE);
            e.messageId = messageId;
            e.delivery = delivery;
            e.deliveryReason = shorten(reason);
            return e.toEntry();
        });
    }

    /** An outcome of message {@code messageId} for reply entry {@code entryId}, from its event. */
    void outcome(long entryId, long messageId) {
        MessageService outbox = messages;
        if (outbox != null) {
            outbox.find(messageId).ifPresent(m -> settle(entryId, m));
        }
    }

    /** The entry takes the message's state, if the message is the one it queued and the state comes after its own. */
    CaseEntry settle(long entryId, Message m) {
        String state = switch (m.status()) {
            case SENT -> "sent";
            case FAILED -> "failed";
            case BLOCKED -> "blocked";
            case BOUNCED -> "bounced";
            default -> null;
        };
        return Transactions.inTransaction(emf, em -> {
            CaseEntryEntity e = em.find(CaseEntryEntity.class, entryId, LockModeType.PESSIMISTIC_WRITE);
            if (e == null || state == null || !Long.valueOf(m.id()).equals(e.messageId)
                    || !("queued".equals(e.delivery) || "sent".equals(e.delivery) && "bounced".equals(state))) {
                return e == null ? null : e.toEntry();
            }
            e.delivery = state;
            if (!"sent".equals(state)) {
                String why = m.lastError() == null ? "no reason was given" : m.lastError();
                e.deliveryReason = shorten(why);
                em.persist(note(e, "Reply " + entryId + " " + (switch (state) {
                    case "blocked" -> "was blocked by the consent gate";
                    case "bounced" -> "bounced";
                    default -> "failed";
                }) + " (message " + m.id() + "): " + why));
            }
            return e.toEntry();
        });
    }

    /** The case id of the reply entries that left as one of {@code messageIds}, if any. */
    Optional<Long> caseOfMessages(List<Long> messageIds) {
        if (messageIds.isEmpty()) {
            return Optional.empty();
        }
        return Transactions.read(emf, em -> em.createQuery("select e.caseId from CaseEntryEntity e where e.messageId in "
                + ":ids order by e.id desc", Long.class).setParameter("ids", messageIds).setMaxResults(1)
                .getResultList().stream().findFirst());
    }

    private CaseEntryEntity note(CaseEntryEntity reply, String text) {
        return new CaseEntryEntity(reply.caseId, EntryKind.NOTE, AUTHOR, shorten(text),
                clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }

    private static String shorten(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 497) + "...";
    }
}
