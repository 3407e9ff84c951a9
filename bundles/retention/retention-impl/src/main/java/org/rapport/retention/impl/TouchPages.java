package org.rapport.retention.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The touchpoints Event Admin hands retention, folded a page at a time on a thread of their own: a
 * burst of purchases costs a transaction a page rather than one a purchase, and a customer who buys
 * several times in it is evaluated once (see {@link RetentionServiceImpl#touchedAll}).
 *
 * <p>The queue is bounded: when it is full, the thread that hands a touch in folds it itself, so a
 * burst is slowed rather than dropped. Closing folds what is still queued before it returns. What
 * the queue holds when the process dies is lost, as it was in Event Admin's own queue before: the
 * interactions are on the contacts' timeline, from which {@code retention:rebuild} folds a
 * customer's profile anew.
 */
final class TouchPages implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TouchPages.class);

    private final BlockingQueue<Touch> queue;
    private final int page;
    private final Consumer<List<Touch>> fold;
    private final Thread drainer;
    private volatile boolean closing;

    /**
     * @param capacity how many touches wait at most
     * @param page how many touches are folded together at most
     * @param fold folds a page: in one transaction, or not at all when it throws
     */
    TouchPages(int capacity, int page, Consumer<List<Touch>> fold) {
        if (capacity < 1 || page < 1) {
            throw new IllegalArgumentException("capacity and page must be at least 1, were " + capacity + " and " + page);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.page = page;
        this.fold = fold;
        this.drainer = new Thread(this::drain, "rapport-retention-touches");
        this.drainer.setDaemon(true);
        this.drainer.start();
    }

    /** Queues {@code touch}; when the queue is full or closing, folds it on this thread. */
    void offer(Touch touch) {
        if (closing || !queue.offer(touch)) {
            foldSafely(List.of(touch));
        }
    }

    private void drain() {
        while (!closing) {
            try {
                Touch first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    foldSafely(next(first));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private List<Touch> next(Touch first) {
        List<Touch> touches = new ArrayList<>(page);
        touches.add(first);
        queue.drainTo(touches, page - 1);
        return touches;
    }

    private void foldSafely(List<Touch> touches) {
        try {
            fold.accept(touches);
        } catch (RuntimeException e) {
            // The fold logs what it could not fold; a touch never stops the ones queued behind it.
            LOG.warn("{} touchpoint(s) could not be folded into retention's profiles: {}", touches.size(), e.toString());
        }
    }

    /** Stops taking pages off the queue and folds what is left, on this thread. */
    @Override
    public void close() {
        closing = true;
        try {
            drainer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Touch first = queue.poll(); first != null; first = queue.poll()) {
            foldSafely(next(first));
        }
    }
}
