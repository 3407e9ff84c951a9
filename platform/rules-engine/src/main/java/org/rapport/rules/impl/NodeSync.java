package org.rapport.rules.impl;

import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.rapport.rules.api.Release;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's packages up to date with the releases (and shadows) other nodes sharing the
 * release store accepted: asked on a schedule in the server, or by a test.
 */
final class NodeSync {

    private static final Logger LOG = LoggerFactory.getLogger(NodeSync.class);

    private final ConcurrentMap<String, PackageSlot> slots;
    private final ReleaseStore store;
    private final FactContributions contributions;
    private final Announcer announcer;
    private final Deployments deployments;
    private final AlphaCompiler alpha;
    /** What else follows the store on each look: the shadows. */
    private Runnable alsoSync = () -> { };
    /** Asks the store for other nodes' releases; null until started, and for an engine outside the server. */
    private ScheduledExecutorService syncer;

    NodeSync(ConcurrentMap<String, PackageSlot> slots, ReleaseStore store, FactContributions contributions,
            Announcer announcer, Deployments deployments, AlphaCompiler alpha) {
        this.slots = slots;
        this.store = store;
        this.contributions = contributions;
        this.announcer = announcer;
        this.deployments = deployments;
        this.alpha = alpha;
    }

    /** Runs {@code work} after each look at the releases. */
    void alsoSync(Runnable work) {
        alsoSync = work;
    }

    /** Asks the store every {@code intervalMillis} from now on. */
    void start(long intervalMillis) {
        syncer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rapport-rules-sync");
            t.setDaemon(true);
            return t;
        });
        syncer.scheduleWithFixedDelay(this::safeSync, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (syncer != null) {
            syncer.shutdownNow();
        }
    }

    private void safeSync() {
        try {
            sync();
        } catch (RuntimeException | LinkageError e) {
            // A failed task would end the schedule: report it and ask again next time.
            LOG.error("Looking for rule releases of other nodes failed", e);
        }
    }

    /**
     * Activates each package's newest stored release that this node has not seen: one that
     * another node sharing the database accepted. It is built here against this node's fact
     * types (the same gate); if it does not build, the release this node runs keeps serving and
     * the reasons are logged and shown as the package's last rejection.
     */
    void sync() {
        for (Map.Entry<String, Long> newest : store.latestVersions().entrySet()) {
            PackageSlot slot = slots.computeIfAbsent(newest.getKey(), PackageSlot::new);
            boolean behind;
            synchronized (slot) {
                behind = newest.getValue() > slot.lastVersion;
            }
            if (behind) {
                adopt(slot);
            }
        }
        alsoSync.run();
    }

    private void adopt(PackageSlot slot) {
        Release release = store.latest(slot.name).orElse(null);
        Map<String, String> files = release == null ? null : store.files(slot.name, release.version()).orElse(null);
        if (files == null) {
            return;
        }
        synchronized (slot) {
            if (release.version() <= slot.lastVersion) {
                return;
            }
            slot.lastVersion = release.version();
            slot.lastAccepted = release;
            ActiveRelease current = slot.active;
            if (current != null && current.release.hash().equals(release.hash())) {
                // The same rules under the other node's number: no need to build them again.
                alpha.activate(slot, current.as(release));
            } else if (!contributions.hasModel(slot.name)) {
                slot.pending = new PackageSlot.Pending(files, release.origin(), release.author());
                LOG.info("Rule package '{}' v{} accepted on another node; waiting for its fact types here", slot.name,
                        release.version());
                return;
            } else {
                FactClassLoader loader = contributions.classLoader(slot.name);
                PackageCompiler.Result result = deployments.rebuild(slot.name, files, loader);
                if (!result.succeeded()) {
                    slot.lastRejection = deployments.rejection(slot.name, files, release.origin(), result.problems);
                    LOG.error("Rule package '{}' v{}, accepted on another node, does not build on this one; {}:\n  {}",
                            slot.name, release.version(), current == null ? "no release is active"
                                    : "v" + current.release.version() + " keeps serving", Releases.describe(result.problems));
                    return;
                }
                alpha.activate(slot, new ActiveRelease(release, result, files, loader));
                slot.pending = null;
                slot.lastRejection = null;
            }
            LOG.info("Rule package '{}' v{} active: accepted on another node from {}", slot.name, release.version(),
                    release.origin());
        }
        announcer.activated(release, files, true);
    }
}
