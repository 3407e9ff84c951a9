package org.rapport.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The Rapport nodes that share one database. On embedded Derby there is one node; pointed at one
 * PostgreSQL, several nodes serve side by side, and this service is how they keep a piece of work
 * to one of them.
 *
 * <p>Locks are PostgreSQL advisory locks, each held by a database connection of its own: a node
 * that dies loses its locks with its connection, so another node can take over its work. On a
 * database that only one node can open (embedded Derby) they are locks of this JVM.
 */
@ProviderType
public interface Cluster {

    /** This node's name: {@code node} in {@code etc/org.rapport.cluster.cfg}, else the host's name. */
    String node();

    /** Whether other nodes can share this node's database (PostgreSQL), rather than it being this node's alone. */
    boolean shared();

    /**
     * Takes the lock {@code name} if no node holds it. The lock is held until the lease is closed,
     * or until this node dies; it is not reentrant, so a second attempt on this node fails too.
     *
     * @return the lease, or empty when another holder has the lock
     */
    Optional<Lease> tryLock(String name);

    /**
     * Takes over a job whose node died: if {@code running} finds a job of this kind marked
     * running, and nobody holds the kind's lock {@code name} (the node running a job holds it
     * throughout), answers that job with the lock, which the caller goes on with the job under
     * and then closes.
     *
     * @param running the job of this kind marked running in the database, if any
     */
    default <J> Optional<Orphan<J>> takeOver(String name, Supplier<Optional<J>> running) {
        if (running.get().isEmpty()) {
            return Optional.empty();
        }
        Optional<Lease> lease = tryLock(name);
        if (lease.isEmpty()) {
            return Optional.empty();
        }
        try {
            // Looked at again under the lock: the job may have ended meanwhile.
            Optional<J> job = running.get();
            if (job.isEmpty()) {
                lease.get().close();
                return Optional.empty();
            }
            return Optional.of(new Orphan<>(job.get(), lease.get()));
        } catch (RuntimeException | Error e) {
            lease.get().close();
            throw e;
        }
    }

    /** A job left running by a node that died, and the lock to go on with it under. */
    record Orphan<J>(J job, Lease lease) {
    }

    /**
     * Runs a scheduled task on one node of the cluster: every node's scheduler fires it, the node
     * that takes the task's lock first runs it, and a node that comes later finds that it ran
     * (began less than the configured gap ago) and leaves it. A run whose node died before it
     * finished is taken over, and {@code work} run again, by a node that has run or been offered
     * the task, within a few seconds: the work must therefore go on from where an interrupted run
     * stopped (expire what is still due, continue from a stored cursor).
     *
     * @param task the task's name, the same on every node ({@code loyalty.nightly})
     * @return whether this node ran the work now
     */
    boolean runOnce(String task, Runnable work);

    /** The last run of each task {@link #runOnce} has seen, by task name. */
    List<TaskRun> tasks();

    /** A held lock; closing it releases the lock. */
    interface Lease extends AutoCloseable {

        /** The lock's name. */
        String name();

        /** Releases the lock; a second close does nothing. */
        @Override
        void close();
    }

    /**
     * A scheduled task's last run: which node ran it, when it began and, once it ended, when and how
     * ({@code done}, or {@code failed: reason}).
     */
    record TaskRun(String task, String node, Instant startedAt, Instant finishedAt, String outcome) {

        /** Whether the run has not ended: it is running, or its node died while it ran. */
        public boolean unfinished() {
            return finishedAt == null;
        }
    }
}
