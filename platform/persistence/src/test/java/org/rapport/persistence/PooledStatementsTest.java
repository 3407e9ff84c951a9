package org.rapport.persistence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.apache.commons.dbcp2.DelegatingStatement;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * Prepared statements kept per pooled connection, as the distribution's data source keeps them:
 * a statement is prepared once per connection, and what one query sets on it does not reach the
 * next query of the same SQL.
 */
@Category(UsesDatabase.class)
public class PooledStatementsTest {

    /** One connection, so that every query below runs on the same connection's statements. */
    @Rule
    public final TestPersistence db = new TestPersistence("transactions-test").pooled(1);

    @Before
    public void notes() {
        Transactions.run(db.emf(), em -> {
            for (long id = 1; id <= 5; id++) {
                em.persist(new Note(id, "note " + id));
            }
        });
    }

    @Test
    public void aStatementIsPreparedOncePerConnection() throws SQLException {
        Statement first;
        try (Connection c = db.dataSource().getConnection()) {
            try (PreparedStatement s = c.prepareStatement("select ID from NOTE where ID > ?")) {
                first = ((DelegatingStatement) s).getInnermostDelegate();
            }
            try (PreparedStatement s = c.prepareStatement("select ID from NOTE where ID > ?")) {
                assertSame("the same SQL on the same connection reuses its statement", first,
                        ((DelegatingStatement) s).getInnermostDelegate());
            }
            try (PreparedStatement s = c.prepareStatement("select ID from NOTE where ID < ?")) {
                assertNotSame(first, ((DelegatingStatement) s).getInnermostDelegate());
            }
        }
    }

    @Test
    public void aQueryLimitedInRowsLeavesNoLimitToTheNextOfTheSameSql() {
        for (int round = 0; round < 3; round++) {
            assertEquals(List.of(1L), ids(0, 1));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ids(0, 0));
            assertEquals(List.of(3L, 4L), ids(2, 2));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ids(0, 0));
        }
    }

    /** The notes' ids in order, from {@code first}, at most {@code max} of them (0: all). */
    private List<Long> ids(int first, int max) {
        return Transactions.inTransaction(db.emf(), em -> {
            var query = em.createQuery("select n.id from Note n order by n.id", Long.class).setFirstResult(first);
            return (max > 0 ? query.setMaxResults(max) : query).getResultList();
        });
    }
}
