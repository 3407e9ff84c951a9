package org.rapport.persistence;

import java.util.function.Consumer;
import java.util.function.Function;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.EntityTransaction;

/**
 * Runs work against a resource-local persistence unit: one entity manager and one transaction per
 * call, committed when the work returns and rolled back when it throws, so a failed operation
 * never leaves half-written rows behind.
 */
public final class Transactions {

    private Transactions() {
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
