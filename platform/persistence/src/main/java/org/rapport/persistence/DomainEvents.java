package org.rapport.persistence;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import javax.persistence.EntityManager;
import javax.persistence.PersistenceException;

/**
 * The transactional outbox of domain events: a capability records what happened with
 * {@link #record} on the entity manager of the transaction that makes the change, so that the
 * change and its event commit or roll back together. The event is a row of {@value #TABLE} (a
 * {@code rapport-platform} table, so no capability depends on the bundle that delivers events);
 * the events bundle takes the rows from there, stores them for delivery and replay, and removes
 * them. Nothing is sent from the transaction itself. The row is written at once on the
 * transaction's connection; the entity manager's pending changes are not flushed for it (they are
 * written when it flushes or commits, in the same transaction).
 *
 * <p>The data is what a subscriber in another system receives: ids, amounts and codes, never
 * names, addresses or free text. Its values are text, numbers, booleans, instants (written as ISO
 * 8601 text) or null; anything else is refused.
 */
public final class DomainEvents {

    /** The table the events wait in until the events bundle takes them. */
    public static final String TABLE = "DOMAIN_EVENT";
    /** How an event type is spelt: lower-case words joined by full stops, such as {@code tier.changed}. */
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");
    private static final int MAX_TYPE = 60;
    private static final int MAX_DATA = 8000;
    private static final String INSERT = "insert into " + TABLE + " (EVENT_ID, TYPE, CONTACT_ID, OCCURRED_AT, DATA) "
            + "values (?, ?, ?, ?, ?)";

    private DomainEvents() {
    }

    /**
     * Records an event in the transaction {@code em} has open; it becomes visible with that
     * transaction's commit and is gone with its rollback.
     *
     * @param type       the event type, such as {@code purchase.booked}
     * @param contactId  the contact it is about: the CloudEvents subject, and what keeps one
     *                   contact's events in order
     * @param occurredAt when it happened
     * @param data       ids, amounts and codes; no personal data
     * @return the event's id, the same on every delivery and replay of it
     * @throws IllegalStateException    when {@code em} has no transaction open
     * @throws IllegalArgumentException naming the type or the data entry at fault
     */
    public static String record(EntityManager em, String type, long contactId, Instant occurredAt,
            Map<String, ?> data) {
        if (type == null || type.length() > MAX_TYPE || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("event type '" + type + "' must be lower-case words joined by full "
                    + "stops, at most " + MAX_TYPE + " characters");
        }
        if (occurredAt == null) {
            throw new IllegalArgumentException("event " + type + ": occurredAt is required");
        }
        if (!em.getTransaction().isActive()) {
            throw new IllegalStateException("event " + type + " must be recorded in the transaction of the change "
                    + "it announces; none is open");
        }
        String json = Json.object(type, data == null ? Map.of() : data);
        if (json.length() > MAX_DATA) {
            throw new IllegalArgumentException("event " + type + ": data of " + json.length()
                    + " characters; at most " + MAX_DATA);
        }
        String id = UUID.randomUUID().toString();
        // On the transaction's connection, not as a native query: that would make the entity
        // manager flush and compare everything it holds first, once per event.
        try (PreparedStatement insert = Transactions.connection(em).prepareStatement(INSERT)) {
            insert.setString(1, id);
            insert.setString(2, type);
            insert.setLong(3, contactId);
            insert.setLong(4, occurredAt.toEpochMilli());
            insert.setString(5, json);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new PersistenceException("could not record event " + type + " about contact " + contactId, e);
        }
        return id;
    }

    /** Writes a flat map of plain values as a JSON object. */
    static final class Json {

        private Json() {
        }

        static String object(String type, Map<String, ?> data) {
            StringBuilder out = new StringBuilder("{");
            for (Map.Entry<String, ?> e : data.entrySet()) {
                if (e.getKey() == null) {
                    throw new IllegalArgumentException("event " + type + ": a data entry has no name");
                }
                if (out.length() > 1) {
                    out.append(',');
                }
                text(out, e.getKey());
                out.append(':');
                Object v = e.getValue();
                if (v == null) {
                    out.append("null");
                } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short) {
                    out.append(v);
                } else if (v instanceof java.math.BigDecimal d) {
                    // Amounts as text, as the API writes them: no binary rounding on the way.
                    text(out, d.toPlainString());
                } else if (v instanceof CharSequence || v instanceof Instant || v instanceof Enum<?>) {
                    text(out, v.toString());
                } else {
                    throw new IllegalArgumentException("event " + type + ": data '" + e.getKey() + "' is a "
                            + v.getClass().getSimpleName() + "; it may be text, a whole number, a decimal, a boolean, "
                            + "an instant or null");
                }
            }
            return out.append('}').toString();
        }

        private static void text(StringBuilder out, String s) {
            out.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            out.append('"');
        }
    }
}
