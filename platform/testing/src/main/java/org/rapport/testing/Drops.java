package org.rapport.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.derby.jdbc.EmbeddedDataSource;

/**
 * Drops the tests' in-memory Derby databases beside the tests: Derby sleeps half a second in each
 * drop before it lets go of the database, which on a module of a hundred tests was a minute of its
 * unit tests spent asleep. Each drop has a daemon thread of its own (they mostly sleep); one that
 * fails is reported by the next test that opens a database, and the JVM does not wait for those
 * still asleep when it ends (an in-memory database ends with it).
 */
final class Drops {

    static final Drops DROPS = new Drops();

    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-derby-drop");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<IllegalStateException> failed = new AtomicReference<>();

    private Drops() {
    }

    /** Drops {@code derby}, whose connection attributes say {@code drop=true}, on a thread of its own. */
    void submit(EmbeddedDataSource derby) {
        threads.execute(() -> {
            try (Connection ignored = derby.getConnection()) {
                failed.compareAndSet(null, new IllegalStateException(
                        "in-memory database " + derby.getDatabaseName() + " was not dropped"));
            } catch (SQLException expected) {
                // Derby reports a successful drop with SQLState 08006.
                if (!"08006".equals(expected.getSQLState())) {
                    failed.compareAndSet(null, new IllegalStateException(
                            "dropping " + derby.getDatabaseName() + " failed", expected));
                }
            }
        });
    }

    /** Throws the first failure of a drop since the last call, if any. */
    void check() {
        IllegalStateException e = failed.getAndSet(null);
        if (e != null) {
            throw e;
        }
    }
}
