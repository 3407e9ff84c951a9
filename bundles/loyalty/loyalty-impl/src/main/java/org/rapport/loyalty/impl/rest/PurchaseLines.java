package org.rapport.loyalty.impl.rest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.rapport.contacts.api.ContactService;
import org.rapport.loyalty.api.LoyaltyException;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.loyalty.api.PurchaseEvent;
import org.rapport.loyalty.api.PurchaseLine;
import org.rapport.loyalty.api.PurchaseResult;
import org.rapport.rest.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Books purchases sent as NDJSON, one JSON object a line in the shape of {@code POST purchases},
 * as they are read, and writes one result line for each as it is booked: {@code booked} (with the
 * entry and its points), {@code replayed} (its {@code eventId} was booked before, by an earlier
 * line or request) or {@code refused} (with the field at fault and the reason). Lines are read
 * a page of {@value #PAGE} at a time; those that are not a purchase (not JSON, a field wrong, no
 * such contact) are refused as they are read, the others booked together in one transaction
 * ({@link LoyaltyService#recordPurchases}: the members locked in the order of their ids, which
 * were booked before asked in one query). When one of them cannot be booked, nothing of the page
 * was, and its lines are booked again each in a transaction of its own: a refused line leaves
 * nothing and the lines around it stand. The results are written in the lines' order as each
 * page ends; blank lines are skipped. A last line sums up. At most {@value #MAX_LINES} lines and
 * {@value #MAX_LINE} characters a line.
 */
final class PurchaseLines {

    static final int MAX_LINES = 100_000;
    static final int MAX_LINE = 8_192;
    /** Lines booked in one transaction. */
    static final int PAGE = 500;
    private static final Set<String> FIELDS = Set.of("contactId", "eventId", "amount", "currency", "channel", "category",
            "occurredAt", "lines");
    private static final Set<String> LINE_FIELDS = Set.of("sku", "category", "quantity", "unitPrice");
    private static final Logger LOG = LoggerFactory.getLogger(PurchaseLines.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A line that cannot be booked: the field at fault and why. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final String field;

        Refused(String field, String reason) {
            super(reason, null, false, false);
            this.field = field;
        }
    }

    private final LoyaltyService loyalty;
    private final ContactService contacts;

    PurchaseLines(LoyaltyService loyalty, ContactService contacts) {
        this.loyalty = loyalty;
        this.contacts = contacts;
    }

    /** Reads {@code in} to its end (or the line limit) and writes a result line to {@code out} for each line. */
    void book(InputStream in, OutputStream out, String actor) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
        long[] counts = new long[3];
        List<Raw> page = new ArrayList<>(PAGE);
        Map<String, Object> last = null;
        int number = 0;
        try {
            for (String line = next(lines); line != null; line = next(lines)) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                if (number > MAX_LINES) {
                    last = ordered("line", number, "result", "refused", "field", "body", "reason", "at most "
                            + MAX_LINES + " lines a request; this line and those after it were not read: send them "
                            + "in another request");
                    break;
                }
                page.add(new Raw(number, line));
                if (page.size() == PAGE) {
                    book(page, out, counts, actor);
                    out.flush(); // the results so far reach the caller while the rest is booked
                }
            }
        } catch (CharacterCodingException e) {
            last = ordered("line", number + 1, "result", "refused", "field", "body", "reason",
                    "not UTF-8; this line and those after it were not read");
        }
        book(page, out, counts, actor);
        if (last != null) {
            write(out, last);
        }
        write(out, ordered("summary", ordered("lines", number, "booked", counts[0], "replayed", counts[1], "refused",
                counts[2])));
        out.flush();
    }

    /** A line as it came, with its number. */
    private record Raw(int number, String line) {
    }

    /** A line as read: its purchase to book, or its result already (refused). */
    private record Read(int number, String eventId, PurchaseEvent purchase, Map<String, Object> refused) {
    }

    /**
     * The page's lines read: JSON parsed, the contacts they name looked for in one call
     * ({@link ContactService#find(List)}), then each line's purchase, or why it is none.
     */
    private List<Read> read(List<Raw> page) {
        List<Object> parsed = new ArrayList<>(page.size());
        List<Long> named = new ArrayList<>(page.size());
        for (Raw raw : page) {
            try {
                if (raw.line().length() > MAX_LINE) {
                    throw new Refused("body", "the line is longer than " + MAX_LINE + " characters");
                }
                JsonNode p = parse(raw.line());
                parsed.add(p);
                if (contactId(p) != null) {
                    named.add(contactId(p));
                }
            } catch (Refused e) {
                parsed.add(refused(raw.number(), null, e.field, e.getMessage()));
            }
        }
        Set<Long> known = new HashSet<>();
        contacts.find(named).forEach(c -> known.add(c.id()));
        List<Read> read = new ArrayList<>(page.size());
        for (int i = 0; i < page.size(); i++) {
            int number = page.get(i).number();
            if (!(parsed.get(i) instanceof JsonNode p)) {
                @SuppressWarnings("unchecked")
                Map<String, Object> refused = (Map<String, Object>) parsed.get(i);
                read.add(new Read(number, null, null, refused));
                continue;
            }
            String eventId = p.hasNonNull("eventId") ? p.get("eventId").asText() : null;
            try {
                read.add(new Read(number, eventId, purchase(p, known), null));
            } catch (Refused e) {
                read.add(new Read(number, eventId, null, refused(number, eventId, e.field, e.getMessage())));
            } catch (RuntimeException e) {
                read.add(new Read(number, eventId, null, refused(number, eventId, e)));
            }
        }
        return read;
    }

    /**
     * Books the page's purchases in one transaction ({@link LoyaltyService#recordPurchases}), or,
     * when one of them cannot be booked (and so none was), each in a transaction of its own; then
     * writes the page's results in the order of its lines, and empties it.
     */
    private void book(List<Raw> lines, OutputStream out, long[] counts, String actor) throws IOException {
        List<Read> page = read(lines);
        lines.clear();
        List<PurchaseEvent> purchases = page.stream().filter(r -> r.purchase() != null).map(Read::purchase).toList();
        List<PurchaseResult> together = null;
        if (purchases.size() > 1) {
            try {
                together = loyalty.recordPurchases(purchases, actor);
            } catch (RuntimeException e) {
                LOG.debug("A page of {} purchases could not be booked together; booking them one by one: {}",
                        purchases.size(), e.toString());
            }
        }
        int booked = 0;
        for (Read r : page) {
            Map<String, Object> result = r.refused() != null ? r.refused()
                    : together != null ? booked(r, together.get(booked++))
                    : one(r, actor);
            counts["booked".equals(result.get("result")) ? 0 : "replayed".equals(result.get("result")) ? 1 : 2]++;
            write(out, result);
        }
    }

    /** The next line, or the start of one too long (its rest skipped), or null at the end. */
    private static String next(BufferedReader lines) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = lines.read()) >= 0 && c != '\n') {
            if (line.length() <= MAX_LINE) {
                line.append((char) c);
            }
        }
        if (c < 0 && line.length() == 0) {
            return null;
        }
        int end = line.length();
        return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
    }

    /** Books the line's purchase in a transaction of its own. */
    private Map<String, Object> one(Read r, String actor) {
        try {
            return booked(r, loyalty.recordPurchase(r.purchase(), actor));
        } catch (RuntimeException e) {
            return refused(r.number(), r.eventId(), e);
        }
    }

    private static Map<String, Object> booked(Read r, PurchaseResult booked) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("line", r.number());
        result.put("result", booked.replayed() ? "replayed" : "booked");
        result.put("eventId", r.purchase().eventId());
        result.put("entryId", booked.entry().id());
        result.put("points", booked.entry().points());
        return result;
    }

    /** Why the line was refused, from what its booking threw. */
    private static Map<String, Object> refused(int number, String eventId, RuntimeException e) {
        if (e instanceof LoyaltyException l) {
            return refused(number, eventId, l.field() == null ? l.code() : l.field(), l.getMessage());
        }
        if (e instanceof IllegalArgumentException) {
            String message = e.getMessage() == null ? "invalid" : e.getMessage();
            String first = message.split("[ ':]", 2)[0];
            return refused(number, eventId, first.matches(ApiException.FIELD) ? first : "body", message);
        }
        // Not the line's fault (the rules unavailable, the database): said without internals, logged in full.
        LOG.error("Bulk purchase line {} ({}) could not be booked", number, eventId, e);
        return refused(number, eventId, "body", "could not be booked now (" + e.getClass().getSimpleName()
                + "); send the line again later");
    }

    private static Map<String, Object> refused(int number, String eventId, String field, String reason) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("line", number);
        result.put("result", "refused");
        if (eventId != null) {
            result.put("eventId", eventId);
        }
        result.put("field", field);
        result.put("reason", reason);
        return result;
    }

    private static JsonNode parse(String line) throws Refused {
        JsonNode p;
        try {
            p = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new Refused("body", "not JSON: " + e.getOriginalMessage());
        }
        if (p == null || !p.isObject()) {
            throw new Refused("body", "a line is a JSON object such as {\"contactId\": 1, \"eventId\": \"ORDER-1\", "
                    + "\"amount\": 12.50}");
        }
        for (Iterator<String> names = p.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new Refused(name, name + " is not a field of a purchase; they are " + String.join(", ",
                        new java.util.TreeSet<>(FIELDS)));
            }
        }
        return p;
    }

    /** The line's contact id, or null when it has none that is a whole number. */
    private static Long contactId(JsonNode p) {
        JsonNode id = p.get("contactId");
        return id == null || !(id.canConvertToLong() && id.isIntegralNumber() || id.isTextual() && id.asText().matches("\\d{1,18}"))
                ? null : id.asLong();
    }

    /** The line's purchase, its contact among {@code known}, or why it is none. */
    private static PurchaseEvent purchase(JsonNode p, Set<Long> known) throws Refused {
        Long contactId = contactId(p);
        if (contactId == null) {
            throw new Refused("contactId", "contactId is required, a whole number");
        }
        if (!known.contains(contactId)) {
            throw new Refused("contactId", "no contact with id " + contactId);
        }
        JsonNode amount = p.get("amount");
        BigDecimal value;
        try {
            value = amount == null || amount.isNull() ? null : amount.isNumber() ? amount.decimalValue()
                    : new BigDecimal(amount.asText().strip());
        } catch (NumberFormatException e) {
            throw new Refused("amount", "amount '" + amount.asText() + "' is not a number");
        }
        if (value == null) {
            throw new Refused("amount", "amount is required");
        }
        Instant at = null;
        if (p.hasNonNull("occurredAt")) {
            try {
                at = Instant.parse(p.get("occurredAt").asText());
            } catch (DateTimeParseException e) {
                throw new Refused("occurredAt", "occurredAt must be an ISO-8601 time such as 2026-12-01T09:00:00Z");
            }
        }
        return new PurchaseEvent(contactId, text(p, "eventId"), value, text(p, "currency"), text(p, "channel"),
                text(p, "category"), at, lines(p.get("lines")));
    }

    /** The purchase's lines in the shape of {@code POST purchases}: {@code [{"sku": ..., "quantity": ..., "unitPrice": ...}]}. */
    private static List<PurchaseLine> lines(JsonNode lines) throws Refused {
        if (lines == null || lines.isNull()) {
            return List.of();
        }
        if (!lines.isArray()) {
            throw new Refused("lines", "lines must be a list of {\"sku\", \"category\", \"quantity\", \"unitPrice\"}");
        }
        List<PurchaseLine> parsed = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String at = "lines[" + i + "]";
            JsonNode line = lines.get(i);
            if (!line.isObject()) {
                throw new Refused(at, at + " must be an object such as {\"sku\": \"ESP-1\", \"quantity\": 1, "
                        + "\"unitPrice\": 249.00}");
            }
            for (Iterator<String> names = line.fieldNames(); names.hasNext();) {
                String name = names.next();
                if (!LINE_FIELDS.contains(name)) {
                    throw new Refused(at + "." + name, name + " is not a field of a purchase line; they are "
                            + String.join(", ", new java.util.TreeSet<>(LINE_FIELDS)));
                }
            }
            JsonNode quantity = line.get("quantity");
            if (quantity == null || !quantity.canConvertToInt() || !quantity.isIntegralNumber()) {
                throw new Refused(at + ".quantity", at + ".quantity is required, a whole number");
            }
            JsonNode price = line.get("unitPrice");
            if (price == null || !price.isNumber()) {
                throw new Refused(at + ".unitPrice", at + ".unitPrice is required, a number");
            }
            parsed.add(new PurchaseLine(text(line, "sku", at + ".sku"), text(line, "category", at + ".category"),
                    quantity.intValue(), price.decimalValue()));
        }
        return parsed;
    }

    private static String text(JsonNode p, String field) throws Refused {
        return text(p, field, field);
    }

    private static String text(JsonNode p, String field, String path) throws Refused {
        JsonNode v = p.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new Refused(path, path + " must be text");
        }
        return v.asText();
    }

    private static Map<String, Object> ordered(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return map;
    }

    private static void write(OutputStream out, Map<String, Object> line) throws IOException {
        out.write(JSON.writeValueAsBytes(line));
        out.write('\n');
    }
}
