package org.rapport.rules.impl;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
 * live evaluation ({@link ShadowRun}), until it is promoted to the next release or dropped.
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
    private final Clock clock;

    Shadows(Map<String, PackageSlot> slots, FactContributions contributions, Gate gate, Supplier<Limits> limits,
            Deployer deployer, Clock clock) {
        this.slots = slots;
        this.contributions = contributions;
        this.gate = gate;
        this.limits = limits;
        this.deployer = deployer;
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
        ShadowRun run = new ShadowRun(sorted, Releases.hash(sorted), origin, clock.instant(), candidate, loader);
        slot.shadow = run;
        LOG.info("Rule package '{}': shadow from {} runs beside v{}", rulePackage, origin, active.release.version());
        return run.snapshot(rulePackage, active.release.version());
    }

    Optional<Shadow> get(String rulePackage) {
        PackageSlot slot = slots.get(rulePackage);
        ShadowRun run = slot == null ? null : slot.shadow;
        if (run == null) {
            return Optional.empty();
        }
        ActiveRelease active = slot.active;
        return Optional.of(run.snapshot(rulePackage, active == null ? 0 : active.release.version()));
    }

    Optional<Shadow> drop(String rulePackage) {
        Optional<Shadow> last = get(rulePackage);
        PackageSlot slot = slots.get(rulePackage);
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
        slot.shadow = null;
        return release;
    }
}
