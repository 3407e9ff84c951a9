package org.rapport.persistence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.stream.LongStream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/** IN lists padded to a few lengths with their last value, and the rows a padded list reads. */
@Category(UsesDatabase.class)
public class InListsTest {

    @Rule
    public final TestPersistence db = new TestPersistence("transactions-test");

    @Test
    public void aListIsPaddedToTheNextOfAFewLengths() {
        assertEquals(List.of(16, 16, 64, 64, 256, 1024, 1024, 2048, 3072), List.of(InLists.length(1),
                InLists.length(16), InLists.length(17), InLists.length(64), InLists.length(65), InLists.length(257),
                InLists.length(1024), InLists.length(1025), InLists.length(2049)));
    }

    @Test
    public void theLastValueIsRepeated() {
        List<Long> padded = InLists.padded(List.of(7L, 3L, 9L));
        assertEquals(16, padded.size());
        assertEquals(List.of(7L, 3L, 9L), padded.subList(0, 3));
        assertEquals(13, padded.subList(3, 16).stream().filter(id -> id == 9L).count());
        List<Long> full = LongStream.rangeClosed(1, 64).boxed().toList();
        assertSame("a list of one of the lengths is left as it is", full, InLists.padded(full));
    }

    @Test
    public void anEmptyListIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InLists.padded(List.of()));
        assertEquals("an IN list of 0 values; it needs at least one", e.getMessage());
    }

    @Test
    public void aPaddedListReadsTheRowsTheListReads() {
        Transactions.run(db.emf(), em -> {
            for (long id = 1; id <= 40; id++) {
                em.persist(new Note(id, "note " + id));
            }
        });
        List<Long> ids = List.of(2L, 5L, 17L, 33L, 99L);
        List<Long> padded = InLists.padded(ids);
        assertEquals(16, padded.size());
        List<Long> read = Transactions.inTransaction(db.emf(), em -> em.createQuery(
                "select n.id from Note n where n.id in :ids order by n.id", Long.class)
                .setParameter("ids", padded).getResultList());
        assertEquals("each note once, the repeated id matching once", List.of(2L, 5L, 17L, 33L), read);
    }
}
