package org.rapport.persistence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.fail;

import org.junit.Rule;
import org.junit.Test;
import org.rapport.testing.TestPersistence;

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
        try {
            Transactions.run(db.emf(), em -> {
                em.persist(new Note(2, "first"));
                em.flush();
                em.persist(new Note(3, "second"));
                throw failure;
            });
            fail("the failure must propagate");
        } catch (IllegalStateException e) {
            assertSame(failure, e);
        }

        assertNull(Transactions.read(db.emf(), em -> em.find(Note.class, 2L)));
        assertNull(Transactions.read(db.emf(), em -> em.find(Note.class, 3L)));
    }
}
