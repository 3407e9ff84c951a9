package org.rapport.rules.impl;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Map;

import org.rapport.rules.api.Release;
import org.rapport.rules.api.RuleFinding;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives accepted releases their numbers: one more than the package's last, agreed with the other
 * nodes that share the release store. The caller holds the package slot's monitor.
 */
final class ReleaseNumbering {

    private static final Logger LOG = LoggerFactory.getLogger(ReleaseNumbering.class);

    private final ReleaseStore store;
    private final Clock clock;

    ReleaseNumbering(ReleaseStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Numbers, stores and records a new release; the caller activates it. When another node
     * sharing the database stored that number first, its release is the newer one to number
     * after, unless it is these very files, which are then that release.
     */
    Release accept(PackageSlot slot, Map<String, String> files, String origin, String author,
            PackageCompiler.Result result) {
        String hash = Releases.hash(files);
        while (true) {
            // Milliseconds, as every database keeps them: the release read back is the release stored.
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Release release = new Release(slot.name, slot.lastVersion + 1, hash, now, origin, author,
                    new ArrayList<>(files.keySet()), result.ruleCount,
                    result.warnings.stream().map(RuleFinding::toString).toList());
            try {
                store.save(release, files, result.coverage);
                slot.lastVersion = release.version();
                slot.lastAccepted = release;
                return release;
            } catch (ReleaseStore.VersionTaken taken) {
                Release newest = store.latest(slot.name).orElseThrow(() -> taken);
                LOG.info("Rule package '{}' v{} was accepted on another node meanwhile", slot.name, newest.version());
                slot.lastVersion = newest.version();
                slot.lastAccepted = newest;
                if (newest.hash().equals(hash)) {
                    return newest;
                }
            }
        }
    }

    /** The last accepted release again if these are its files (a rebuild, a bundle back), else a new one. */
    Release sameOrNext(PackageSlot slot, Map<String, String> files, String origin, String author,
            PackageCompiler.Result result) {
        Release last = slot.lastAccepted;
        return last != null && last.hash().equals(Releases.hash(files)) ? last : accept(slot, files, origin, author, result);
    }
}
