package org.rapport.persistence;

import static org.junit.Assert.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

@Category(UsesDatabase.class)
public class InstantConverterTest {

    @Rule
    public final TestPersistence db = new TestPersistence("transactions-test");

    @Test
    public void instantsAreStoredAsComparableUtcTimestamps() throws Exception {
        Instant early = Instant.parse("2026-01-31T23:30:00.123Z");
        Instant late = Instant.parse("2026-02-01T00:30:00Z");
        Transactions.run(db.emf(), em -> {
            em.persist(new Note(1, "early", early));
            em.persist(new Note(2, "late", late));
        });

        List<Note> after = Transactions.read(db.emf(), em -> em
                .createQuery("select n from Note n where n.happenedAt > :t", Note.class)
                .setParameter("t", Instant.parse("2026-02-01T00:00:00Z")).getResultList());

        assertEquals(1, after.size());
        assertEquals(late, after.get(0).at());
        assertEquals(early, Transactions.read(db.emf(), em -> em.find(Note.class, 1L).at()));
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select cast(HAPPENEDAT as varchar(30)) from NOTE where ID = 1")) {
            rs.next();
            assertEquals("2026-01-31 23:30:00.123", rs.getString(1));
        }
    }
}
