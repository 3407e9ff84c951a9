package org.rapport.segments.impl;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.rapport.persistence.Cluster;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a check of changed contacts every few seconds on a thread of its own; with several nodes on
 * one database, one node checks at a time (a cluster lock).
 */
final class SegmentWatcher {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentWatcher.class);

    private final Cluster cluster;
    private final Runnable check;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "rapport-segments");
        thread.setDaemon(true);
        return thread;
    });

    SegmentWatcher(Cluster cluster, int everySeconds, Runnable check) {
        this.cluster = cluster;
        this.check = check;
        executor.scheduleWithFixedDelay(this::checkOnce, everySeconds, everySeconds, TimeUnit.SECONDS);
    }

    private void checkOnce() {
        try (Cluster.Lease lease = cluster.tryLock("segments.watch").orElse(null)) {
            if (lease != null) {
                check.run();
            }
        } catch (RuntimeException e) {
            LOG.warn("Checking changed contacts against the segments failed; trying again: {}", e.toString());
        }
    }

    void stop() throws InterruptedException {
        executor.shutdown();
        // A check under way finishes its chunk of contacts; the next start goes on from the last saved one.
        executor.awaitTermination(30, TimeUnit.SECONDS);
    }
}
