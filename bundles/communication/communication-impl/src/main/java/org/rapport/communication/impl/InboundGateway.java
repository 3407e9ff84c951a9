package org.rapport.communication.impl;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.rapport.communication.api.InboundKind;
import org.rapport.communication.api.InboundMessage;
import org.rapport.contacts.api.Channel;
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentService;
import org.rapport.privacy.api.ConsentState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a gateway posts to an inbound webhook, checked before anything is stored: the body's size
 * (at most the webhook's {@code maxBytes}; 413), the webhook (404), the signature and timestamp
 * (401), the JSON (400, naming the field), and that neither the signature nor the message's id was
 * taken before (409). A message then goes the way of every inbound message
 * ({@link InboundServiceImpl#receive}); a reply that is a stop word withdraws the contact's consent
 * on the webhook's medium for every purpose, with the message as proof. A bounce report is
 * recorded as the provider reported it ({@link Bounces}).
 */
@Component(service = InboundGateway.class)
public class InboundGateway {

    private static final Logger LOG = LoggerFactory.getLogger(InboundGateway.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** A message a gateway delivers. */
    record MessageBody(String id, String from, String text, String subject, String inReplyTo) {
    }

    /** A bounce a mail provider reports: the address, its enhanced status code, the bounced message's id. */
    record BounceBody(String id, String address, String status, String diagnostic, String messageId) {
    }

    /** What was taken: the inbound message's id and contact, and whether a stop word withdrew consent. */
    public record Accepted(long id, Long contactId, String kind, boolean consentWithdrawn) {
    }

    private final InboundServiceImpl inbound;
    private final ConsentService consent;
    private final Clock clock;
    private final Map<String, InboundWebhook> webhooks = new ConcurrentHashMap<>();

    @Activate
    public InboundGateway(@Reference InboundServiceImpl inbound, @Reference ConsentService consent) {
        this(inbound, consent, Clock.systemUTC());
    }

    InboundGateway(InboundServiceImpl inbound, ConsentService consent, Clock clock) {
        this.inbound = inbound;
        this.consent = consent;
        this.clock = clock;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addWebhook(InboundWebhook webhook) {
        InboundWebhook before = webhooks.putIfAbsent(webhook.kind() + "/" + webhook.name(), webhook);
        if (before != null && before != webhook) {
            LOG.warn("A second inbound webhook named '{}' is ignored", webhook.name());
        }
    }

    void removeWebhook(InboundWebhook webhook) {
        webhooks.remove(webhook.kind() + "/" + webhook.name(), webhook);
    }

    /** The webhooks configured, by kind and name (no secrets). */
    List<String> webhooks() {
        return webhooks.keySet().stream().sorted().toList();
    }

    /**
     * A message posted to {@code /api/v1/inbound/{channel}}.
     *
     * @throws InboundWebhook.Refusal with the HTTP status to answer, nothing stored
     */
    public Accepted message(String channel, String timestamp, String signature, InputStream body) {
        InboundWebhook webhook = webhook(InboundWebhook.Kind.MESSAGES, channel);
        byte[] bytes = read(body, webhook.maxBytes());
        String key = accept(webhook, timestamp, signature, bytes);
        MessageBody m = parse(bytes, MessageBody.class);
        String id = field("id", m.id(), 200);
        String from = field("from", m.from(), 320);
        String text = field("text", m.text(), InboundMessage.MAX_TEXT);
        Arrival arrival = Arrival.signed(webhook.name(), webhook.medium(), from, m.subject(), text, id,
                MailParser.firstId(m.inReplyTo()) != null ? MailParser.firstId(m.inReplyTo()) : PlainText.line(m.inReplyTo(), 500),
                InboundKind.MESSAGE, null);
        InboundMessage stored = store(webhook, arrival, key);
        boolean withdrawn = stored.contactId() != null && webhook.isStop(text) && withdraw(webhook, stored);
        return new Accepted(stored.id(), stored.contactId(), stored.kind().name().toLowerCase(Locale.ROOT),
                withdrawn);
    }

    /**
     * A bounce posted to {@code /api/v1/inbound/bounces/{provider}}.
     *
     * @throws InboundWebhook.Refusal with the HTTP status to answer, nothing stored
     */
    public Accepted bounce(String provider, String timestamp, String signature, InputStream body) {
        InboundWebhook webhook = webhook(InboundWebhook.Kind.BOUNCES, provider);
        byte[] bytes = read(body, webhook.maxBytes());
        String key = accept(webhook, timestamp, signature, bytes);
        BounceBody b = parse(bytes, BounceBody.class);
        String id = field("id", b.id(), 200);
        String address = field("address", b.address(), 320).strip().toLowerCase(Locale.ROOT);
        if (!address.matches("[^\\s\"<>()@]{1,64}@[^\\s\"<>()@]{1,255}")) {
            throw new InboundWebhook.Refusal(400, "invalid", "address: '" + address + "' is not an email address");
        }
        String status = field("status", b.status(), 20).strip();
        if (!status.matches("[45]\\.[0-9]{1,3}\\.[0-9]{1,3}")) {
            throw new InboundWebhook.Refusal(400, "invalid", "status: '" + status + "' is not an enhanced status "
                    + "code of a failure (5.x.x permanent, 4.x.x temporary)");
        }
        String diagnostic = PlainText.line(b.diagnostic(), 500);
        String messageId = MailParser.firstId(b.messageId());
        Arrival arrival = Arrival.signed(webhook.name(), Channel.EMAIL, webhook.name(), null,
                status + (diagnostic == null ? "" : " " + diagnostic), id, null, InboundKind.BOUNCE,
                List.of(new Arrival.BounceReport(address, status, diagnostic, messageId, null)));
        InboundMessage stored = store(webhook, arrival, key);
        return new Accepted(stored.id(), null, "bounce", false);
    }

    private InboundWebhook webhook(InboundWebhook.Kind kind, String name) {
        InboundWebhook webhook = name == null ? null : webhooks.get(kind + "/" + name);
        if (webhook == null) {
            throw new InboundWebhook.Refusal(404, "not_found", "no inbound webhook for "
                    + (kind == InboundWebhook.Kind.BOUNCES ? "bounces named" : "the channel") + " '" + name + "'");
        }
        return webhook;
    }

    private static byte[] read(InputStream body, int max) {
        try {
            byte[] bytes = body == null ? new byte[0] : body.readNBytes(max + 1);
            if (bytes.length > max) {
                throw new InboundWebhook.Refusal(413, "payload_too_large", "the body is larger than this webhook's "
                        + "limit of " + max + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new InboundWebhook.Refusal(400, "invalid", "the body could not be read: " + e.getMessage());
        }
    }

    private String accept(InboundWebhook webhook, String timestamp, String signature, byte[] body) {
        Instant now = clock.instant();
        String key = webhook.name() + ":" + webhook.verify(timestamp, signature, body, now);
        inbound.forgetSeen(now.minus(webhook.tolerance().multipliedBy(2)));
        return key;
    }

    private static <T> T parse(byte[] body, Class<T> type) {
        try {
            T value = JSON.readValue(body, type);
            if (value == null) {
                throw new InboundWebhook.Refusal(400, "invalid", "body: a JSON object is required");
            }
            return value;
        } catch (MismatchedInputException e) {
            // Jackson's own message names the server's classes: say which field, and what it takes.
            String field = e.getPath().stream().map(r -> r.getFieldName() == null ? "[" + r.getIndex() + "]"
                    : r.getFieldName()).collect(Collectors.joining("."));
            throw new InboundWebhook.Refusal(400, "invalid", (field.isEmpty() ? "body: a JSON object is required"
                    : field + ": text is required") + " (" + where(e) + ")");
        } catch (StreamReadException e) {
            throw new InboundWebhook.Refusal(400, "invalid", "body: not JSON at " + where(e) + ": " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw new InboundWebhook.Refusal(400, "invalid", "body: not the JSON expected at " + where(e));
        } catch (IOException e) {
            throw new InboundWebhook.Refusal(400, "invalid", "body: " + e.getMessage());
        }
    }

    private static String where(JsonProcessingException e) {
        return e.getLocation() == null ? "an unknown place"
                : "line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
    }

    private static String field(String name, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new InboundWebhook.Refusal(400, "invalid", name + " is required");
        }
        if (value.length() > max) {
            throw new InboundWebhook.Refusal(400, "invalid", name + " has more than " + max + " characters");
        }
        return value;
    }

    private InboundMessage store(InboundWebhook webhook, Arrival arrival, String key) {
        Optional<InboundMessage> stored = inbound.receive(arrival, key, true);
        return stored.orElseThrow(() -> new InboundWebhook.Refusal(409, "replay", "this request, or a message with id '"
                + arrival.externalId() + "', was taken before by webhook '" + webhook.name() + "'"));
    }

    /** Withdraws the contact's consent on the webhook's medium, for every purpose; whether any was recorded. */
    private boolean withdraw(InboundWebhook webhook, InboundMessage m) {
        boolean any = false;
        for (String purpose : consent.purposes()) {
            try {
                consent.record(new ConsentChange(m.contactId(), purpose, webhook.medium(), ConsentState.WITHDRAWN, null,
                        "reply '" + PlainText.line(m.text(), 20) + "' by " + webhook.name(), "inbound message " + m.id(),
                        null), "webhook " + webhook.name());
                any = true;
            } catch (IllegalArgumentException e) {
                LOG.warn("Contact {} replied {} by {}, but consent for {} could not be withdrawn: {}", m.contactId(),
                        "a stop word", webhook.name(), purpose, e.getMessage());
            }
        }
        if (any) {
            LOG.info("Contact {} replied a stop word by {}: consent on {} withdrawn (inbound message {})", m.contactId(),
                    webhook.name(), webhook.medium().label(), m.id());
        }
        return any;
    }
}
