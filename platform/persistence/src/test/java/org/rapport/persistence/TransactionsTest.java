package org.rapport.persistence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

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
}
