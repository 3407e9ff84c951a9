package org.rapport.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work handed in one item at a time (by Event Admin's threads, say) and done a page at a time on a
 * thread of its own: what would cost a transaction an item costs one a page, and holds one pooled
 * connection rather than one per handing thread.
 *
 * <p>The queue is bounded: when it is full, the thread that hands an item in does it itself, as a
 * page of one, so a burst is slowed rather than dropped. {@link #close} does what is still queued
 * before it returns. What the queue holds when the process dies is lost: use it for work that is
 * either derived from rows already committed and can be derived again, or that was handed over
 * in memory before (an Event Admin event). A page whose work throws is logged and not retried
 * here; the work decides what a failure leaves written (one transaction: nothing).
 *
 * @param <T> what is handed in
 */
public final class PagedQueue<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PagedQueue.class);

    private final BlockingQueue<T> queue;
    private final int page;
    private final String name;
    private final Consumer<List<T>> work;
    private final Thread drainer;
    private volatile boolean closing;

    /**
     * Starts the thread that takes pages off the queue.
     *
     * @param name what the items are, for the thread's name and the log ("retention-touches")
     * @param capacity how many items wait at most
     * @param page how many items are handed to {@code work} together at most
     * @param work does a page, in the order the items were handed in
     */
    public PagedQueue(String name, int capacity, int page, Consumer<List<T>> work) {
        if (capacity < 1 || page < 1) {
            throw new IllegalArgumentException(name + ": capacity and page must be at least 1, were " + capacity
                    + " and " + page);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.page = page;
        this.name = name;
        this.work = work;
        this.drainer = new Thread(this::drain, "rapport-" + name);
        this.drainer.setDaemon(true);
        this.drainer.start();
    }

    /** Queues {@code item}; when the queue is full or closing, does it on this thread. */
    public void offer(T item) {
        if (closing || !queue.offer(item)) {
            run(List.of(item));
        }
    }

    private void drain() {
        while (!closing) {
            try {
                T first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first != null) {
                    run(next(first));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private List<T> next(T first) {
        List<T> items = new ArrayList<>(page);
        items.add(first);
        queue.drainTo(items, page - 1);
        return items;
    }

    private void run(List<T> items) {
        try {
            work.accept(items);
        } catch (RuntimeException e) {
            // A page that fails never stops the ones queued behind it.
            LOG.warn("{}: a page of {} could not be done: {}", name, items.size(), e.toString());
        }
    }

    /** Stops taking pages on the queue's thread and does what is left on this one. */
    @Override
    public void close() {
        closing = true;
        try {
            drainer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (T first = queue.poll(); first != null; first = queue.poll()) {
            run(next(first));
        }
    }
}
