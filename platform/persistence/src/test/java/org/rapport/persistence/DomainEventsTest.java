package org.rapport.persistence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/** The outbox written in the caller's transaction, on a real database. */
@Category(UsesDatabase.class)
public class DomainEventsTest {

    @Rule
    public final TestPersistence db = new TestPersistence("transactions-test");

    private static final Instant AT = Instant.parse("2026-12-01T09:00:00Z");

    @Before
    public void migrate() {
        new SchemaMigrations(db.dataSource(), getClass().getClassLoader(), Clock.systemUTC()).migrate(SchemaMigrations.PLATFORM);
    }

    @Test
    public void anEventCommitsWithItsChangeAndRollsBackWithIt() throws SQLException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("contactId", 7L);
        data.put("amount", new BigDecimal("12.50"));
        data.put("tier", "gold \"plus\"\n");
        data.put("at", AT);
        data.put("first", true);
        data.put("none", null);
        String id = Transactions.inTransaction(db.emf(), em -> {
            em.persist(new Note(1, "kept"));
            return DomainEvents.record(em, "tier.changed", 7, AT, data);
        });
        assertThrows(IllegalStateException.class, () -> Transactions.run(db.emf(), em -> {
            em.persist(new Note(2, "lost"));
            DomainEvents.record(em, "purchase.booked", 8, AT, Map.of("contactId", 8L));
            throw new IllegalStateException("the change fails after its event was recorded");
        }));

        assertEquals(List.of(id + "|tier.changed|7|" + AT.toEpochMilli() + "|{\"contactId\":7,\"amount\":\"12.50\","
                + "\"tier\":\"gold \\\"plus\\\"\\n\",\"at\":\"2026-12-01T09:00:00Z\",\"first\":true,\"none\":null}"),
                rows("select EVENT_ID, TYPE, CONTACT_ID, OCCURRED_AT, DATA from DOMAIN_EVENT"));
        assertEquals(36, id.length());
    }

    @Test
    public void anEventIsWrittenWithoutFlushingTheChangesTheEntityManagerHolds() throws SQLException {
        List<String> seen = Transactions.inTransaction(db.emf(), em -> {
            em.persist(new Note(3, "pending"));
            DomainEvents.record(em, "purchase.booked", 9, AT, Map.of("contactId", 9L));
            // Read on the transaction's own connection: the event is there, the note not written yet.
            return List.of("events " + count(Transactions.connection(em), "DOMAIN_EVENT"),
                    "notes " + count(Transactions.connection(em), "NOTE"));
        });

        assertEquals(List.of("events 1", "notes 0"), seen);
        assertEquals(List.of("1"), rows("select count(*) from NOTE"));
        assertEquals(List.of("1"), rows("select count(*) from DOMAIN_EVENT"));
    }

    @Test
    public void anEventOutsideATransactionOrOfABadTypeOrDataIsRefusedNamingWhat() {
        EntityManager em = db.emf().createEntityManager();
        try {
            assertTrue(assertThrows(IllegalStateException.class, () -> DomainEvents.record(em, "tier.changed", 1, AT,
                    Map.of())).getMessage().contains("none is open"));
        } finally {
            em.close();
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Transactions.run(db.emf(),
                e -> DomainEvents.record(e, "Tier Changed", 1, AT, Map.of()))).getMessage().startsWith("event type 'Tier Changed'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Transactions.run(db.emf(),
                e -> DomainEvents.record(e, "tier.changed", 1, AT, Map.of("member", new Object()))))
                .getMessage().startsWith("event tier.changed: data 'member' is a Object"));
    }

    private static int count(Connection c, String table) {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select count(*) from " + table)) {
            r.next();
            return r.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> rows(String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery(query)) {
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                    row.append(i > 1 ? "|" : "").append(r.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
