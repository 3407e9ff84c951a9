package org.rapport.rules.impl;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.rapport.rules.api.Rejection;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RuleRejectedException;
import org.rapport.rules.api.RulesUnavailableException;
import org.rapport.rules.api.Shadow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shadow mode: a candidate that passed the gate runs beside a package's active release on every
 * live evaluation ({@link ShadowRun}), until it is promoted to the next release or dropped. A
 * shadow is kept in the release store: after a restart, and on every node sharing the database,
 * it is built again (the same gate) and runs as soon as the package serves ({@link #sync}).
 */
final class Shadows {

    /** How a promoted shadow becomes the next release: the engine's own deploy. */
    interface Deployer {
        Release deploy(String rulePackage, Map<String, String> files, String origin, String author);
    }

    private static final Logger LOG = LoggerFactory.getLogger(Shadows.class);

    private final Map<String, PackageSlot> slots;
    private final FactContributions contributions;
    private final Gate gate;
    private final Supplier<Limits> limits;
    private final Deployer deployer;
    private final ReleaseStore store;
    private final Clock clock;
    /** This engine's counts in the store: its own until it stops, beside other nodes' and earlier runs'. */
    private final String engine = UUID.randomUUID().toString();
    /** Which shadow, at how many evaluations, each package's counts were last stored for. */
    private final Map<String, String> stored = new ConcurrentHashMap<>();

    Shadows(Map<String, PackageSlot> slots, FactContributions contributions, Gate gate, Supplier<Limits> limits,
            Deployer deployer, ReleaseStore store, Clock clock) {
        this.slots = slots;
        this.contributions = contributions;
        this.gate = gate;
        this.limits = limits;
        this.deployer = deployer;
        this.store = store;
        this.clock = clock;
    }

    Shadow start(String rulePackage, Map<String, String> files, String origin) {
        Releases.validatePackageName(rulePackage);
        PackageSlot slot = slots.get(rulePackage);
        ActiveRelease active = slot == null ? null : slot.active;
        if (active == null) {
            throw new RulesUnavailableException("rule package '" + rulePackage + "' has no active release to shadow");
        }
        Map<String, String> sorted = new TreeMap<>(files);
        FactClassLoader loader = contributions.classLoader(rulePackage);
        PackageCompiler.Result candidate = gate.build(rulePackage, sorted, loader, limits.get());
        if (!candidate.succeeded()) {
            throw new RuleRejectedException(new Rejection(rulePackage, Releases.hash(sorted), clock.instant(), origin,
                    candidate.problems));
        }
        // Milliseconds, as every database keeps them: the shadow read back on another node is this one.
        ShadowRun run = new ShadowRun(sorted, Releases.hash(sorted), origin,
                clock.instant().truncatedTo(ChronoUnit.MILLIS), candidate, loader);
        store.saveShadow(new StoredShadow(rulePackage, run.hash, origin, run.since, sorted));
        slot.shadow = run;
        slot.shadowRefused = null;
        LOG.info("Rule package '{}': shadow from {} runs beside v{}", rulePackage, origin, active.release.version());
        return run.snapshot(rulePackage, active.release.version());
    }

    /**
     * The shadow of a package as every engine counted it: this one's counts now, and what the
     * others (other nodes, and this node before a restart) last stored of the same shadow.
     */
    Optional<Shadow> get(String rulePackage) {
        PackageSlot slot = slots.get(rulePackage);
        ShadowRun shadow = slot == null ? null : slot.shadow;
        if (shadow == null) {
            return Optional.empty();
        }
        ActiveRelease active = slot.active;
        List<ShadowCounts> counted = new ArrayList<>();
        counted.add(shadow.counts(engine));
        StoredShadow.Mark mark = new StoredShadow.Mark(rulePackage, shadow.hash, shadow.since);
        store.shadowCounts(rulePackage).stream().filter(c -> !c.run().equals(engine) && c.of(mark)).forEach(counted::add);
        return Optional.of(new Shadow(rulePackage, shadow.hash, shadow.origin, shadow.since,
                counted.stream().mapToLong(ShadowCounts::evaluations).sum(),
                counted.stream().mapToLong(ShadowCounts::failures).sum(),
                ShadowCounts.impact(rulePackage, active == null ? 0 : active.release.version(), counted)));
    }

    /** Stores what this engine counted of each shadow running here, when it counted more since last time. */
    private void storeCounts() {
        for (PackageSlot slot : slots.values()) {
            ShadowRun shadow = slot.shadow;
            if (shadow == null) {
                continue;
            }
            ShadowCounts counts = shadow.counts(engine);
            String state = counts.hash() + "@" + counts.since() + "#" + counts.evaluations();
            if (counts.evaluations() > 0 && !state.equals(stored.get(slot.name))) {
                store.saveShadowCounts(slot.name, counts);
                stored.put(slot.name, state);
            }
        }
    }

    Optional<Shadow> drop(String rulePackage) {
        Optional<Shadow> last = get(rulePackage);
        PackageSlot slot = slots.get(rulePackage);
        store.deleteShadow(rulePackage);
        if (slot != null) {
            slot.shadow = null;
        }
        last.ifPresent(s -> LOG.info("Rule package '{}': shadow from {} dropped after {} evaluations",
                rulePackage, s.origin(), s.evaluations()));
        return last;
    }

    Release promote(String rulePackage, String author) {
        PackageSlot slot = slots.get(rulePackage);
        ShadowRun run = slot == null ? null : slot.shadow;
        if (run == null) {
            throw new IllegalArgumentException("rule package '" + rulePackage + "' has no shadow running");
        }
        Release release = deployer.deploy(rulePackage, run.files, "promoted shadow from " + run.origin, author);
        store.deleteShadow(rulePackage);
        slot.shadow = null;
        return release;
    }

    /**
     * Brings this node's shadows in line with the stored ones: a shadow started here before a
     * restart, or on another node, is built and runs once its package serves here; one dropped or
     * promoted elsewhere ends here. A stored shadow that does not build on this node is logged
     * once and left for the node that started it.
     */
    void sync() {
        storeCounts();
        Map<String, StoredShadow.Mark> marks = new HashMap<>();
        store.shadows().forEach(s -> marks.put(s.rulePackage(), s));
        for (PackageSlot slot : slots.values()) {
            StoredShadow.Mark shadow = marks.get(slot.name);
            if (shadow == null) {
                if (slot.shadow != null) {
                    LOG.info("Rule package '{}': shadow from {} ended on another node", slot.name, slot.shadow.origin);
                    slot.shadow = null;
                }
                stored.remove(slot.name);
            } else {
                adopt(slot, shadow);
            }
        }
    }

    /** Runs the stored shadow of a package that has just started serving here, if it has one. */
    void adopt(String rulePackage) {
        PackageSlot slot = slots.get(rulePackage);
        if (slot != null) {
            store.shadows().stream().filter(s -> s.rulePackage().equals(rulePackage)).findFirst()
                    .ifPresent(s -> adopt(slot, s));
        }
    }

    private void adopt(PackageSlot slot, StoredShadow.Mark mark) {
        ActiveRelease active = slot.active;
        if (active == null || mark.sameAs(slot.shadow) || mark.equals(slot.shadowRefused)
                || !contributions.hasModel(slot.name)) {
            return;
        }
        // New to this node: only now are its files read. Gone meanwhile: the next sync ends it here.
        Optional<StoredShadow> read = store.shadow(slot.name).filter(s -> s.mark().equals(mark));
        if (read.isEmpty()) {
            return;
        }
        StoredShadow shadow = read.get();
        Map<String, String> files = new TreeMap<>(shadow.files());
        FactClassLoader loader = contributions.classLoader(slot.name);
        PackageCompiler.Result candidate = gate.build(slot.name, files, loader, limits.get());
        if (!candidate.succeeded()) {
            slot.shadowRefused = mark;
            LOG.error("Rule package '{}': the shadow from {} does not build on this node and does not run here:\n  {}",
                    slot.name, shadow.origin(), Releases.describe(candidate.problems));
            return;
        }
        slot.shadow = new ShadowRun(files, shadow.hash(), shadow.origin(), shadow.since(), candidate, loader);
        LOG.info("Rule package '{}': shadow from {} (started {}) runs beside v{}", slot.name, shadow.origin(),
                shadow.since(), active.release.version());
    }
}
