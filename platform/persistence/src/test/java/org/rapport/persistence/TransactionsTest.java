package org.rapport.persistence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Rule;
import org.junit.Test;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

@Category(UsesDatabase.class)
public class TransactionsTest {

    @Rule
    public final TestPersistence db = new TestPersistence("transactions-test");

    @Test
    public void commitsWhenTheWorkReturns() {
        Transactions.run(db.emf(), em -> em.persist(new Note(1, "kept")));

        assertEquals("kept", Transactions.read(db.emf(), em -> em.find(Note.class, 1L).text()));
    }

    @Test
    public void rollsBackEverythingWhenTheWorkThrows() {
        IllegalStateException failure = new IllegalStateException("boom");
        IllegalStateException e = assertThrows("the failure must propagate", IllegalStateException.class,
                () -> Transactions.run(db.emf(), em -> {
                    em.persist(new Note(2, "first"));
                    em.flush();
                    em.persist(new Note(3, "second"));
                    throw failure;
                }));
        assertSame(failure, e);

        assertNull(Transactions.read(db.emf(), em -> em.find(Note.class, 2L)));
        assertNull(Transactions.read(db.emf(), em -> em.find(Note.class, 3L)));
    }

    @Test
    public void retriesWorkThatLostARaceToAConcurrentInsertAndSeesTheWinner() {
        AtomicInteger runs = new AtomicInteger();
        String text = Transactions.retrying(db.emf(), 3, em -> {
            Note existing = em.find(Note.class, 4L);
            if (existing != null) {
                return existing.text();
            }
            if (runs.incrementAndGet() == 1) {
                // Another transaction inserts the same key between this one's read and its write.
                Transactions.run(db.emf(), other -> other.persist(new Note(4, "the winner's")));
            }
            em.persist(new Note(4, "mine"));
            em.flush();
            return "mine";
        });

        assertEquals("the winner's", text);
        assertEquals(1, runs.get());
    }

    @Test
    public void doesNotRetryFailuresOfTheWorkItself() {
        AtomicInteger runs = new AtomicInteger();
        IllegalArgumentException e = assertThrows("the failure must propagate", IllegalArgumentException.class,
                () -> Transactions.retrying(db.emf(), 5, em -> {
                    runs.incrementAndGet();
                    throw new IllegalArgumentException("bad input");
                }));
        assertEquals(1, runs.get());
        assertTrue(!Transactions.isContention(e));
    }

    @Test
    public void givesUpAfterTheLastAttempt() {
        AtomicInteger runs = new AtomicInteger();
        Transactions.run(db.emf(), em -> em.persist(new Note(5, "taken")));
        RuntimeException e = assertThrows("a key that stays taken must fail", RuntimeException.class,
                () -> Transactions.retrying(db.emf(), 2, em -> {
                    runs.incrementAndGet();
                    em.persist(new Note(5, "again"));
                    em.flush();
                    return null;
                }));
        assertTrue(Transactions.isContention(e));
        assertEquals(2, runs.get());
    }

    private long notes(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select count(*) from NOTE"); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    private static void insertNote(Connection c, long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into NOTE (ID, TEXT) values (?, ?)")) {
            s.setLong(1, id);
            s.setString(2, "by JDBC");
            s.executeUpdate();
        }
    }

    @Test
    public void jdbcWorkIsCommittedWhenItReturnsAndRolledBackWhenItThrows() {
        Transactions.run(db.emf(), em -> em.persist(new Note(6, "made the table")));
        assertEquals(Long.valueOf(2), Transactions.inJdbc(db.dataSource(), "adding a note", c -> {
            insertNote(c, 7);
            return notes(c);
        }));

        IllegalStateException work = new IllegalStateException("the work's own failure");
        assertSame(work, assertThrows(IllegalStateException.class, () -> Transactions.inJdbc(db.dataSource(),
                "adding a note", c -> {
                    insertNote(c, 8);
                    throw work;
                })));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> Transactions.inJdbc(
                db.dataSource(), "adding two notes", c -> {
                    insertNote(c, 9);
                    insertNote(c, 7);
                    return null;
                }));
        assertTrue(refused.getMessage(), refused.getMessage().startsWith("adding two notes failed: "));
        assertTrue(Transactions.isContention(refused));

        assertEquals("8 and 9 rolled back", Long.valueOf(2), Transactions.inJdbc(db.dataSource(), "counting", this::notes));
    }

    @Test
    public void theConnectionOfAnEntityManagerIsTheTransactionsOnlyInsideOne() throws Exception {
        Transactions.run(db.emf(), em -> {
            em.persist(new Note(10, "by JPA"));
            em.flush();
            try {
                assertEquals("sees the transaction's own row", 1, notes(Transactions.connection(em)));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        IllegalStateException outside = assertThrows(IllegalStateException.class, () -> Transactions.read(db.emf(),
                Transactions::connection));
        assertTrue(outside.getMessage(), outside.getMessage().contains("inside a transaction"));
    }
}
