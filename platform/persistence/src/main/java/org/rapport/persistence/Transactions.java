package org.rapport.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Consumer;
import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;
import javax.sql.DataSource;

/**
 * Runs work against a resource-local persistence unit, or against a data source with JDBC: one
 * transaction per call, committed when the work returns and rolled back when it throws, so a
 * failed operation never leaves half-written rows behind.
 */
public final class Transactions {

    /** Work on the connection of a JDBC transaction. */
    @FunctionalInterface
    public interface JdbcWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private Transactions() {
    }

    /**
     * Runs {@code work} on a connection of its own from {@code dataSource}, in one transaction:
     * committed when the work returns, rolled back when it throws.
     *
     * @param what what the work does, for the message of the failure ("reading the outbox")
     * @throws IllegalStateException {@code what} failed, with the database's message, when the database refused
     *         something; what the work itself throws otherwise
     */
    public static <T> T inJdbc(DataSource dataSource, String what, JdbcWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The JDBC connection of the transaction {@code em} has open, for statements JPA does not
     * express (batches, locking clauses) in that transaction. Within a transaction the entity
     * manager's connection is the transaction's (EclipseLink begins it at once); it is not to be
     * closed.
     *
     * @throws IllegalStateException when {@code em} has no transaction open
     */
    public static Connection connection(EntityManager em) {
        if (!em.getTransaction().isActive()) {
            throw new IllegalStateException("the connection is the transaction's: use it inside a transaction");
        }
        return em.unwrap(Connection.class);
    }

    /** Runs {@code work} in a new transaction and returns its result. */
    public static <T> T inTransaction(EntityManagerFactory emf, Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        EntityTransaction tx = em.getTransaction();
        try {
            tx.begin();
            T result = work.apply(em);
            tx.commit();
            return result;
        } catch (RuntimeException | Error e) {
            if (tx.isActive()) {
                try {
                    tx.rollback();
                } catch (RuntimeException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
            }
            throw e;
        } finally {
            close(em);
        }
    }

    /**
     * Runs {@code work} in a new transaction like {@link #inTransaction}, and runs it again in a
     * fresh one, up to {@code attempts} times in all, when it failed because a concurrent
     * transaction got in the way: a deadlock or lock timeout (SQL state class 40), a key another
     * transaction inserted first (class 23), or a stale optimistic version. The work must
     * therefore decide everything from what it reads, so that a second run sees the other
     * transaction's outcome and acts on it (for example, finds the row and does not insert it).
     */
    public static <T> T retrying(EntityManagerFactory emf, int attempts, Function<EntityManager, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return inTransaction(emf, work);
            } catch (RuntimeException e) {
                if (attempt >= attempts || !isContention(e)) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
    }

    /** Whether {@code failure} came from a concurrent transaction rather than from the work itself. */
    public static boolean isContention(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof javax.persistence.OptimisticLockException
                    || t instanceof javax.persistence.PessimisticLockException
                    || t instanceof javax.persistence.LockTimeoutException) {
                return true;
            }
            if (t instanceof SQLException) {
                String state = ((SQLException) t).getSQLState();
                if (state != null && (state.startsWith("40") || state.startsWith("23"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void close(EntityManager em) {
        if (em.isOpen()) {
            em.close();
        }
    }

    /** Runs {@code work} in a new transaction. */
    public static void run(EntityManagerFactory emf, Consumer<EntityManager> work) {
        inTransaction(emf, em -> {
            work.accept(em);
            return null;
        });
    }

    /** Runs read-only {@code work} with its own entity manager and no transaction. */
    public static <T> T read(EntityManagerFactory emf, Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            return work.apply(em);
        } finally {
            close(em);
        }
    }
}
