package org.rapport.rules.impl;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import org.rapport.rules.api.Rejection;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RuleCoverage;
import org.rapport.rules.api.RuleProblem;
import org.rapport.rules.api.RuleRejectedException;
import org.rapport.rules.api.RulesUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of each package's releases on this node: candidates deployed through the gate,
 * packages rebuilt when their fact types change, releases restored after a start and withdrawn
 * with the bundle that carried them. Every change holds the package slot's monitor; releases are
 * announced once it is let go.
 */
final class Deployments {

    private static final Logger LOG = LoggerFactory.getLogger(Deployments.class);

    private final ConcurrentMap<String, PackageSlot> slots;
    private final FactContributions contributions;
    private final Gate gate;
    private final Supplier<Limits> limits;
    private final ReleaseStore store;
    private final Clock clock;
    private final Announcer announcer;
    private final AlphaCompiler alpha;
    private final ReleaseNumbering numbering;

    Deployments(ConcurrentMap<String, PackageSlot> slots, FactContributions contributions, Gate gate,
            Supplier<Limits> limits, ReleaseStore store, Clock clock, Announcer announcer, AlphaCompiler alpha) {
        this.slots = slots;
        this.contributions = contributions;
        this.gate = gate;
        this.limits = limits;
        this.store = store;
        this.clock = clock;
        this.announcer = announcer;
        this.alpha = alpha;
        this.numbering = new ReleaseNumbering(store, clock);
    }

    /** Compiles files that change nothing (a preview), runs the static checks and their scenarios. */
    PackageCompiler.Result build(String rulePackage, Map<String, String> files, FactClassLoader loader) {
        return gate.build(rulePackage, files, loader, limits.get());
    }

    /** An accepted release compiled again, its scenarios run; the gate judged it when it was accepted. */
    PackageCompiler.Result rebuild(String rulePackage, Map<String, String> files, FactClassLoader loader) {
        return gate.rebuild(rulePackage, files, loader, limits.get());
    }

    /** {@link #build}, and the demands on a new release: scenarios, and full coverage where the package asks for it. */
    PackageCompiler.Result admit(String rulePackage, Map<String, String> files, FactClassLoader loader) {
        return gate.admit(rulePackage, files, loader, limits.get());
    }

    /**
     * Picks up each package's newest stored release; it is built once its fact types are
     * contributed. A release a bundle carried waits for that bundle to offer it again.
     */
    void restore() {
        for (Release release : store.latest()) {
            PackageSlot slot = slots.computeIfAbsent(release.rulePackage(), PackageSlot::new);
            synchronized (slot) {
                slot.lastVersion = release.version();
                slot.lastAccepted = release;
                if (release.fromBundle()) {
                    continue;
                }
                slot.pending = new PackageSlot.Pending(store.files(release.rulePackage(), release.version()).orElseThrow(),
                        release.origin(), release.author());
            }
            LOG.info("Rule package '{}' v{} restored from the database", release.rulePackage(), release.version());
        }
    }

    /** Rebuilds a package after its fact types changed, from the sources of its active release. */
    void recompile(String rulePackage) {
        PackageSlot slot = slots.get(rulePackage);
        if (slot == null) {
            return;
        }
        Release created = null;
        Map<String, String> createdFiles = null;
        synchronized (slot) {
            ActiveRelease current = slot.active;
            PackageSlot.Pending sources = current != null
                    ? new PackageSlot.Pending(current.files, current.release.origin(), current.release.author())
                    : slot.pending;
            if (sources == null) {
                return;
            }
            Map<String, String> files = sources.files();
            String origin = sources.origin();
            if (!contributions.hasModel(rulePackage)) {
                if (current != null) {
                    LOG.info("Rule package '{}' v{} unloaded: no bundle contributes its fact types any more",
                            rulePackage, current.release.version());
                }
                slot.active = null;
                slot.pending = sources;
                return;
            }
            FactClassLoader loader = contributions.classLoader(rulePackage);
            // An accepted release (serving, or restored and waiting for its fact types) is built
            // again; files deployed while they waited are a candidate.
            boolean accepted = current != null
                    || slot.lastAccepted != null && slot.lastAccepted.hash().equals(Releases.hash(files));
            PackageCompiler.Result result = accepted ? rebuild(rulePackage, files, loader) : admit(rulePackage, files, loader);
            if (result.succeeded()) {
                long before = slot.lastVersion;
                Release release = current != null ? current.release
                        : numbering.sameOrNext(slot, files, origin, sources.author(), result);
                if (release.version() > before) {
                    created = release;
                    createdFiles = files;
                }
                alpha.activate(slot, new ActiveRelease(release, result, files, loader));
                slot.pending = null;
                LOG.info("Rule package '{}' v{} built against the current fact types", rulePackage, release.version());
            } else {
                slot.active = null;
                slot.pending = sources;
                slot.lastRejection = rejection(rulePackage, files, origin, result.problems);
                LOG.error("Rule package '{}' no longer compiles against the current fact types:\n  {}", rulePackage,
                        Releases.describe(result.problems));
            }
        }
        if (created != null) {
            announcer.activated(created, createdFiles, false);
        }
    }

    Release deploy(String rulePackage, Map<String, String> files, String origin, String author) {
        Releases.validatePackageName(rulePackage);
        Map<String, String> sorted = new TreeMap<>(files);
        PackageSlot slot = slots.computeIfAbsent(rulePackage, PackageSlot::new);
        Release release;
        synchronized (slot) {
            String hash = Releases.hash(sorted);
            ActiveRelease current = slot.active;
            if (current != null && current.release.hash().equals(hash)) {
                // The files are back to what serves: whatever was refused in between is no longer there.
                slot.lastRejection = null;
                return current.release;
            }
            // Kept until a release is built from them, so a change of fact models retries them.
            slot.pending = new PackageSlot.Pending(sorted, origin, author);
            if (!contributions.hasModel(rulePackage)) {
                throw new RulesUnavailableException("rule package '" + rulePackage + "' is waiting: no bundle contributes "
                        + "its fact types yet; the files are kept and compiled as soon as one does");
            }
            FactClassLoader loader = contributions.classLoader(rulePackage);
            // Files accepted before (a rollback, a bundle's pack back) were held to the demands of their day.
            boolean acceptedBefore = store.accepted(rulePackage, hash);
            PackageCompiler.Result result = acceptedBefore ? rebuild(rulePackage, sorted, loader)
                    : admit(rulePackage, sorted, loader);
            if (!result.succeeded()) {
                Rejection rejection = rejection(rulePackage, sorted, origin, result.problems);
                slot.lastRejection = rejection;
                LOG.error("Rule package '{}' candidate from {} refused; {}:\n  {}", rulePackage, origin,
                        current == null ? "no release is active" : "v" + current.release.version() + " keeps serving",
                        Releases.describe(result.problems));
                throw new RuleRejectedException(rejection);
            }
            // The files of the last release coming back (a bundle restarted) are that release again.
            release = current == null ? numbering.sameOrNext(slot, sorted, origin, author, result)
                    : numbering.accept(slot, sorted, origin, author, result);
            alpha.activate(slot, new ActiveRelease(release, result, sorted, loader));
            slot.lastRejection = null;
            slot.pending = null;
            LOG.info("Rule package '{}' v{} active: {} rule(s) from {} {}, {} of them fired by its scenarios",
                    rulePackage, release.version(), release.ruleCount(), origin, release.files(),
                    result.coverage.stream().filter(RuleCoverage::covered).count());
        }
        announcer.activated(release, sorted, false);
        return release;
    }

    boolean withdraw(String rulePackage, String origin) {
        PackageSlot slot = slots.get(rulePackage);
        if (slot == null) {
            return false;
        }
        Release withdrawn;
        synchronized (slot) {
            ActiveRelease current = slot.active;
            boolean fromOrigin = current != null ? current.release.origin().equals(origin)
                    : slot.pending != null && origin.equals(slot.pending.origin());
            if (!fromOrigin) {
                return false;
            }
            withdrawn = current != null ? current.release : null;
            slot.active = null;
            slot.shadow = null;
            slot.pending = null;
        }
        LOG.info("Rule package '{}' withdrawn with {}{}", rulePackage, origin,
                withdrawn == null ? "" : ": v" + withdrawn.version() + " no longer serves");
        if (withdrawn != null) {
            announcer.withdrawn(withdrawn, origin);
        }
        return true;
    }

    /** The problems of a candidate that did not pass the gate, as the package's last rejection. */
    Rejection rejection(String rulePackage, Map<String, String> files, String origin, List<RuleProblem> problems) {
        return new Rejection(rulePackage, Releases.hash(files), clock.instant(), origin, problems);
    }
}
