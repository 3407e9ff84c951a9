package org.rapport.kafka.impl;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.InteractionService;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.loyalty.api.LoyaltyException;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.loyalty.api.PurchaseEvent;
import org.rapport.loyalty.api.PurchaseLine;
import org.rapport.loyalty.api.PurchaseResult;
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentService;
import org.rapport.privacy.api.ConsentState;
import org.rapport.privacy.api.LawfulBasis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Books one record of an inbound topic through the owning capability's public API: a purchase
 * (loyalty), an interaction (contacts' timeline) or a consent (privacy), in the JSON the REST API
 * takes, with the contact's id and an {@code eventId} in the object. Each is idempotent by its
 * {@code eventId}: purchases and interactions by the capability's own rule (a purchase's source,
 * an interaction's event id), consents by the record's actor {@code kafka:<eventId>}, looked for
 * in the contact's consent history before recording. A record that cannot be booked is
 * {@link Outcome#refused refused} with the field at fault and the reason; a failure that is not the
 * record's (the database, the rules unavailable) is thrown, for the record to be tried again.
 */
final class Ingest implements Inbound.Booker {

    /** What an inbound topic carries. */
    enum Kind {
        PURCHASE("purchase"), INTERACTION("interaction"), CONSENT("consent");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** Who the capabilities record as having booked what came from Kafka. */
    static final String ACTOR = "kafka";
    /** The longest event id: a consent's actor is {@code kafka:} and the id, in 120 characters. */
    static final int MAX_EVENT_ID = 100;

    /**
     * What booking a record did.
     *
     * @param result {@code booked}, {@code replayed} (its event id was booked before) or {@code refused}
     * @param field  the field at fault when refused ({@code body} for the record as a whole)
     */
    record Outcome(String result, String field, String reason) {
        static final Outcome BOOKED = new Outcome("booked", null, null);
        static final Outcome REPLAYED = new Outcome("replayed", null, null);

        boolean refused() {
            return field != null;
        }
    }

    /** The record's fault: the field and why. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final String field;

        Refused(String field, String reason) {
            super(reason, null, false, false);
            this.field = field;
        }
    }

    record PurchaseIn(Long contactId, String eventId, BigDecimal amount, String currency, String channel,
            String category, String occurredAt, List<PurchaseLine> lines) {
    }

    record InteractionIn(Long contactId, String eventId, String channel, String direction, String type,
            String occurredAt, String summary, Map<String, String> payload) {
    }

    record ConsentIn(Long contactId, String eventId, String purpose, String channel, String state, String basis,
            String source, String proof, String expiresAt) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ContactService contacts;
    private final InteractionService interactions;
    private final LoyaltyService loyalty;
    private final ConsentService consents;

    Ingest(ContactService contacts, InteractionService interactions, LoyaltyService loyalty, ConsentService consents) {
        this.contacts = contacts;
        this.interactions = interactions;
        this.loyalty = loyalty;
        this.consents = consents;
    }

    /**
     * Books a record's value.
     *
     * @throws RuntimeException when it could not be booked for a reason that is not the record's
     */
    @Override
    public Outcome book(Kind kind, byte[] value) {
        try {
            return switch (kind) {
                case PURCHASE -> purchase(read(value, PurchaseIn.class, kind));
                case INTERACTION -> interaction(read(value, InteractionIn.class, kind));
                case CONSENT -> consent(read(value, ConsentIn.class, kind));
            };
        } catch (Refused e) {
            return new Outcome("refused", e.field, e.getMessage());
        } catch (LoyaltyException e) {
            return new Outcome("refused", e.field() == null ? e.code() : e.field(), e.getMessage());
        } catch (ContactValidationException e) {
            Map.Entry<String, String> first = e.fieldErrors().entrySet().iterator().next();
            return new Outcome("refused", first.getKey(), e.fieldErrors().entrySet().stream()
                    .map(f -> f.getKey() + ": " + f.getValue()).collect(Collectors.joining("; ")));
        } catch (IllegalArgumentException e) {
            // The capabilities' refusals start with the field they are about.
            String message = e.getMessage() == null ? "invalid" : e.getMessage();
            String first = message.split("[ ':]", 2)[0];
            return new Outcome("refused", first.matches("[A-Za-z][A-Za-z0-9.\\[\\]]*") ? first : "body", message);
        }
    }

    private Outcome purchase(PurchaseIn p) throws Refused {
        return loyalty.recordPurchase(purchaseEvent(p), ACTOR).replayed() ? Outcome.REPLAYED : Outcome.BOOKED;
    }

    private PurchaseEvent purchaseEvent(PurchaseIn p) throws Refused {
        return purchaseEvent(p, contact(p.contactId()));
    }

    private static PurchaseEvent purchaseEvent(PurchaseIn p, long contactId) throws Refused {
        String eventId = eventId(p.eventId());
        if (p.amount() == null) {
            throw new Refused("amount", "amount is required");
        }
        return new PurchaseEvent(contactId, eventId, p.amount(), p.currency(), p.channel(), p.category(),
                instant(p.occurredAt(), "occurredAt"), p.lines());
    }

    /**
     * Books a partition's purchases in one transaction ({@link LoyaltyService#recordPurchases}): those
     * refused as they are read (not JSON, no such contact) are refused, the others booked together.
     * All or nothing: when one of those cannot be booked, it throws and nothing is booked, for the
     * records to be booked one by one. Interactions and consents are booked one by one (null).
     */
    @Override
    public List<Outcome> bookAll(Kind kind, List<byte[]> values) {
        if (kind != Kind.PURCHASE) {
            return null;
        }
        Outcome[] outcomes = new Outcome[values.size()];
        PurchaseIn[] parsed = new PurchaseIn[values.size()];
        List<Long> named = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            try {
                parsed[i] = read(values.get(i), PurchaseIn.class, kind);
                named.add(required(parsed[i].contactId()));
            } catch (Refused e) {
                outcomes[i] = new Outcome("refused", e.field, e.getMessage());
            }
        }
        // The batch's contacts looked for in one query, not a read of each contact a record.
        Set<Long> known = new HashSet<>();
        contacts.find(named).forEach(c -> known.add(c.id()));
        List<Integer> read = new ArrayList<>();
        List<PurchaseEvent> purchases = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (outcomes[i] != null) {
                continue;
            }
            try {
                long contactId = parsed[i].contactId();
                if (!known.contains(contactId)) {
                    throw unknown(contactId);
                }
                purchases.add(purchaseEvent(parsed[i], contactId));
                read.add(i);
            } catch (Refused e) {
                outcomes[i] = new Outcome("refused", e.field, e.getMessage());
            }
        }
        if (!purchases.isEmpty()) {
            List<PurchaseResult> results = loyalty.recordPurchases(purchases, ACTOR);
            for (int i = 0; i < read.size(); i++) {
                outcomes[read.get(i)] = results.get(i).replayed() ? Outcome.REPLAYED : Outcome.BOOKED;
            }
        }
        return Arrays.asList(outcomes);
    }

    private Outcome interaction(InteractionIn i) throws Refused {
        long contactId = contact(i.contactId());
        String eventId = eventId(i.eventId());
        // Recorded once per event id (for the contact and type): a record sent again answers the interaction stored then.
        interactions.record(contactId, new NewInteraction(i.channel(), i.direction(), i.type(),
                instant(i.occurredAt(), "occurredAt"), i.summary(), i.payload(), eventId), ACTOR);
        return Outcome.BOOKED;
    }

    private Outcome consent(ConsentIn c) throws Refused {
        long contactId = contact(c.contactId());
        String actor = ACTOR + ":" + eventId(c.eventId());
        if (consents.history(contactId).stream().anyMatch(recorded -> actor.equals(recorded.actor()))) {
            return Outcome.REPLAYED;
        }
        Channel channel;
        try {
            channel = c.channel() == null || c.channel().isBlank() || c.channel().equalsIgnoreCase("all") ? null
                    : Channel.parse(c.channel());
        } catch (IllegalArgumentException e) {
            throw new Refused("channel", "channel " + e.getMessage() + ", or leave it out for every channel");
        }
        ConsentState state = switch (c.state() == null ? "" : c.state().strip().toLowerCase(Locale.ROOT)) {
            case "granted", "grant" -> ConsentState.GRANTED;
            case "withdrawn", "withdraw" -> ConsentState.WITHDRAWN;
            default -> throw new Refused("state", "state '" + c.state() + "' must be granted or withdrawn");
        };
        LawfulBasis basis;
        try {
            basis = c.basis() == null ? null : LawfulBasis.parse(c.basis());
        } catch (IllegalArgumentException e) {
            throw new Refused("basis", e.getMessage());
        }
        consents.record(new ConsentChange(contactId, c.purpose(), channel, state, basis, c.source(), c.proof(),
                instant(c.expiresAt(), "expiresAt")), actor);
        return Outcome.BOOKED;
    }

    private long contact(Long contactId) throws Refused {
        if (!contacts.exists(required(contactId))) {
            throw unknown(contactId);
        }
        return contactId;
    }

    private static long required(Long contactId) throws Refused {
        if (contactId == null) {
            throw new Refused("contactId", "contactId is required, a whole number");
        }
        return contactId;
    }

    private static Refused unknown(long contactId) {
        return new Refused("contactId", "no contact with id " + contactId);
    }

    private static String eventId(String eventId) throws Refused {
        if (eventId == null || eventId.isBlank()) {
            throw new Refused("eventId", "eventId is required: it is what makes a record sent again harmless");
        }
        if (eventId.length() > MAX_EVENT_ID) {
            throw new Refused("eventId", "eventId has " + eventId.length() + " characters; at most " + MAX_EVENT_ID);
        }
        return eventId;
    }

    private static Instant instant(String text, String field) throws Refused {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new Refused(field, field + " '" + text + "' must be an ISO-8601 time such as 2026-12-01T09:00:00Z");
        }
    }

    private static <T> T read(byte[] value, Class<T> type, Kind kind) throws Refused {
        if (value == null || value.length == 0) {
            throw new Refused("body", "the record has no value; a " + kind.label + " is a JSON object");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            throw new Refused("body", "the record's value is not UTF-8");
        }
        try {
            T read = JSON.readValue(text, type);
            if (read == null) {
                throw new Refused("body", "a " + kind.label + " is a JSON object, not null");
            }
            return read;
        } catch (UnrecognizedPropertyException e) {
            throw new Refused(path(e), e.getPropertyName() + " is not a field of a " + kind.label + "; they are "
                    + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")));
        } catch (JsonMappingException e) {
            String field = path(e);
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
            String why = cause == e ? e.getOriginalMessage() : cause.getMessage();
            throw new Refused(field, field + ": " + firstLine(why));
        } catch (JsonProcessingException e) {
            throw new Refused("body", "not JSON: " + firstLine(e.getOriginalMessage()));
        }
    }

    /** The field a mapping error is about, as {@code lines[1].quantity}, or {@code body}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "body" : path.toString();
    }

    /** The message's first line, without Jackson's advice on its own configuration. */
    private static String firstLine(String message) {
        String m = message == null ? "invalid" : message;
        int end = m.indexOf('\n');
        m = end < 0 ? m : m.substring(0, end);
        int advice = m.indexOf(" (but could if");
        return advice < 0 ? m : m.substring(0, advice);
    }
}
