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
 * line or request) or {@code refused} (with the field at fault and the reason). Each line is
 * booked in a transaction of its own, so a refused line leaves nothing and the lines around it
 * stand; blank lines are skipped. A last line sums up. At most {@value #MAX_LINES} lines and
 * {@value #MAX_LINE} characters a line.
 */
final class PurchaseLines {

    static final int MAX_LINES = 100_000;
    static final int MAX_LINE = 8_192;
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
        int number = 0;
        try {
            for (String line = next(lines); line != null; line = next(lines)) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                if (number > MAX_LINES) {
                    write(out, ordered("line", number, "result", "refused", "field", "body", "reason", "at most "
                            + MAX_LINES + " lines a request; this line and those after it were not read: send them "
                            + "in another request"));
                    break;
                }
                Map<String, Object> result = one(number, line, actor);
                counts["booked".equals(result.get("result")) ? 0 : "replayed".equals(result.get("result")) ? 1 : 2]++;
                write(out, result);
                if (number % 64 == 0) {
                    out.flush(); // the results so far reach the caller while the rest is booked
                }
            }
        } catch (CharacterCodingException e) {
            write(out, ordered("line", number + 1, "result", "refused", "field", "body", "reason",
                    "not UTF-8; this line and those after it were not read"));
        }
        write(out, ordered("summary", ordered("lines", number, "booked", counts[0], "replayed", counts[1], "refused",
                counts[2])));
        out.flush();
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

    private Map<String, Object> one(int number, String line, String actor) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("line", number);
        String eventId = null;
        try {
            if (line.length() > MAX_LINE) {
                throw new Refused("body", "the line is longer than " + MAX_LINE + " characters");
            }
            JsonNode p = parse(line);
            eventId = p.hasNonNull("eventId") ? p.get("eventId").asText() : null;
            PurchaseEvent purchase = purchase(p);
            PurchaseResult booked = loyalty.recordPurchase(purchase, actor);
            result.put("result", booked.replayed() ? "replayed" : "booked");
            result.put("eventId", purchase.eventId());
            result.put("entryId", booked.entry().id());
            result.put("points", booked.entry().points());
            return result;
        } catch (Refused e) {
            return refused(result, eventId, e.field, e.getMessage());
        } catch (LoyaltyException e) {
            return refused(result, eventId, e.field() == null ? e.code() : e.field(), e.getMessage());
        } catch (IllegalArgumentException e) {
            String message = e.getMessage() == null ? "invalid" : e.getMessage();
            String first = message.split("[ ':]", 2)[0];
            return refused(result, eventId, first.matches(ApiException.FIELD) ? first : "body", message);
        } catch (RuntimeException e) {
            // Not the line's fault (the rules unavailable, the database): said without internals, logged in full.
            LOG.error("Bulk purchase line {} ({}) could not be booked", number, eventId, e);
            return refused(result, eventId, "body", "could not be booked now (" + e.getClass().getSimpleName()
                    + "); send the line again later");
        }
    }

    private static Map<String, Object> refused(Map<String, Object> result, String eventId, String field, String reason) {
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

    private PurchaseEvent purchase(JsonNode p) throws Refused {
        JsonNode id = p.get("contactId");
        if (id == null || !(id.canConvertToLong() && id.isIntegralNumber() || id.isTextual() && id.asText().matches("\\d{1,18}"))) {
            throw new Refused("contactId", "contactId is required, a whole number");
        }
        long contactId = id.asLong();
        if (contacts.find(contactId).isEmpty()) {
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
