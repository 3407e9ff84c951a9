package org.rapport.guard.impl;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.rapport.guard.PluginState;

/** One plugin's record, and the thread its submitted calls run on; guarded by its own monitor. */
final class Plugin {

    final String kind;
    final String name;
    long answered;
    int faults;
    String lastFault;
    Instant suspendedAt;
    private ExecutorService lane;

    Plugin(String kind, String name) {
        this.kind = kind;
        this.name = name;
    }

    synchronized PluginState state() {
        return new PluginState(kind, name, answered, faults, lastFault, suspendedAt);
    }

    synchronized boolean suspended() {
        return suspendedAt != null;
    }

    /** The thread submitted calls run on, one after the other; made when first needed. */
    synchronized ExecutorService lane() {
        if (lane == null) {
            lane = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "rapport-" + kind + "-" + name);
                t.setDaemon(true);
                return t;
            });
        }
        return lane;
    }

    /**
     * Leaves the lane's thread to the call stuck on it (interrupted) and gives the calls waiting
     * behind it a new one.
     */
    synchronized void replaceLane() {
        if (lane != null) {
            List<Runnable> waiting = lane.shutdownNow();
            lane = null;
            waiting.forEach(lane()::execute);
        }
    }

    /** Drops the waiting calls and interrupts the running one. */
    synchronized void dropLane() {
        if (lane != null) {
            lane.shutdownNow();
            lane = null;
        }
    }
}
