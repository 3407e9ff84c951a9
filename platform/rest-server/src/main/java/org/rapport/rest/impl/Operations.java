package org.rapport.rest.impl;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import org.rapport.rest.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Administrative changes to the container (installing a feature, a plugin) run one at a time on a
 * thread of their own, as they may take a while and may rebuild the API application that answered
 * the request; each subject's latest operation is kept for polling: {@code queued}, then its
 * running state ({@code installing}), then its end state ({@code installed}) or {@code failed}
 * with the error. Only one operation of a subject may be unfinished at a time.
 */
public final class Operations implements AutoCloseable {

    /** Work that may fail with any exception; its message becomes the operation's error. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    /**
     * An operation on a subject.
     *
     * @param action what was asked ({@code install})
     * @param state {@code queued}, the running state, the end state or {@code failed}
     * @param error why it failed, or null
     */
    public record Operation(String action, String state, String actor, Instant requestedAt, Instant finishedAt, String error) {

        public boolean finished() {
            return finishedAt != null;
        }
    }

    public static final String QUEUED = "queued";
    public static final String FAILED = "failed";

    private static final Logger LOG = LoggerFactory.getLogger(Operations.class);

    private final ExecutorService executor;
    private final Map<String, Operation> latest = new ConcurrentHashMap<>();

    public Operations(String threadName) {
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Queues {@code work} for {@code subject}, or refuses with a 409 while one of its operations is
     * unfinished. {@code finished} hears the operation's end (to audit it), on the operation's thread.
     */
    public synchronized Operation start(String subject, String action, String running, String done, String actor,
            Work work, Consumer<Operation> finished) {
        Operation current = latest.get(subject);
        if (current != null && !current.finished()) {
            throw ApiException.conflict(subject + " is " + current.state() + " (" + current.action() + " asked by "
                    + current.actor() + "); wait until it ends");
        }
        Operation queued = new Operation(action, QUEUED, actor, Instant.now(), null, null);
        latest.put(subject, queued);
        executor.execute(() -> {
            latest.put(subject, new Operation(action, running, actor, queued.requestedAt(), null, null));
            Operation end;
            try {
                work.run();
                end = new Operation(action, done, actor, queued.requestedAt(), Instant.now(), null);
            } catch (Exception | LinkageError e) {
                LOG.warn("{} of {} failed", action, subject, e);
                String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                end = new Operation(action, FAILED, actor, queued.requestedAt(), Instant.now(), Messages.plain(error));
            }
            latest.put(subject, end);
            finished.accept(end);
        });
        return queued;
    }

    /** The latest operation on {@code subject}, running or ended. */
    public Optional<Operation> find(String subject) {
        return Optional.ofNullable(latest.get(subject));
    }

    /** Stops taking work; what runs is interrupted. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
