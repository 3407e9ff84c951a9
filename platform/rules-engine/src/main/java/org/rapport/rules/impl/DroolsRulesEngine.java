package org.rapport.rules.impl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapport.rules.api.Evaluation;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.FactSource;
import org.rapport.rules.api.Impact;
import org.rapport.rules.api.Rejection;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RuleEvents;
import org.rapport.rules.api.RuleProblem;
import org.rapport.rules.api.RuleRejectedException;
import org.rapport.rules.api.RulePackageStatus;
import org.rapport.rules.api.RulesEngine;
import org.rapport.rules.api.RulesUnavailableException;
import org.rapport.rules.api.ScenarioResult;
import org.rapport.rules.api.Shadow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules engine host: compiles rule packages with Drools against the fact types that bundles
 * contribute, keeps one active release per package and swaps releases atomically.
 */
@Component(service = RulesEngine.class, configurationPid = DroolsRulesEngine.PID)
@Designate(ocd = DroolsRulesEngine.Config.class)
public class DroolsRulesEngine implements RulesEngine {

    static final String PID = "org.rapport.rules.engine";

    @ObjectClassDefinition(name = "Rapport rules engine",
            description = "Limits that keep a faulty rule release from harming the server.")
    public @interface Config {
        @AttributeDefinition(name = "Rule firings per fact",
                description = "An evaluation stops with an error, naming the rule that fired most, once rules have "
                        + "fired this many times per fact handed in. Stops rules that re-trigger themselves forever.")
        int maxFiresPerFact() default 1000;

        @AttributeDefinition(name = "Time budget per evaluation (ms)",
                description = "An evaluation still firing rules after this long is halted and fails, naming the rule "
                        + "that was firing. Evaluations are batches: allow for the largest batch a caller hands in.")
        long maxEvaluationMillis() default 10_000;
    }

    private static final Logger LOG = LoggerFactory.getLogger(DroolsRulesEngine.class);
    private static final int PREVIEW_BATCH = 1000;

    private final ConcurrentMap<String, PackageSlot> slots = new ConcurrentHashMap<>();
    private final FactContributions contributions = new FactContributions();
    private final List<ReleaseListener> listeners = new CopyOnWriteArrayList<>();
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;
    private final PackageCompiler compiler = new PackageCompiler();
    private final ReleaseStore store;
    private final Clock clock;
    private volatile int maxFiresPerFact = 1000;
    private volatile long maxEvaluationMillis = 10_000;

    /** An engine whose releases live as long as it does: for tests and tools outside the server. */
    public DroolsRulesEngine() {
        this(new MemoryReleaseStore(), Clock.systemUTC());
    }

    @Activate
    public DroolsRulesEngine(@Reference ReleaseStore store, Config config) {
        this(store, Clock.systemUTC());
        configure(config);
    }

    DroolsRulesEngine(ReleaseStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        PackageCompiler.initialiseDrools();
        restore();
    }

    /**
     * Picks up each package's newest stored release; it is built once its fact types are
     * contributed. A release a bundle carried waits for that bundle to offer it again.
     */
    private void restore() {
        for (Release release : store.latest()) {
            PackageSlot slot = slots.computeIfAbsent(release.rulePackage(), PackageSlot::new);
            synchronized (slot) {
                slot.lastVersion = release.version();
                slot.lastAccepted = release;
                if (release.fromBundle()) {
                    slot.withdrawn = true;
                    continue;
                }
                slot.pendingFiles = store.files(release.rulePackage(), release.version()).orElseThrow();
                slot.pendingOrigin = release.origin();
                slot.pendingAuthor = release.author();
            }
            LOG.info("Rule package '{}' v{} restored from the database", release.rulePackage(), release.version());
        }
    }

    @Modified
    void configure(Config config) {
        if (config.maxFiresPerFact() < 1) {
            throw new IllegalArgumentException("maxFiresPerFact must be at least 1, was " + config.maxFiresPerFact());
        }
        if (config.maxEvaluationMillis() < 1) {
            throw new IllegalArgumentException("maxEvaluationMillis must be at least 1, was " + config.maxEvaluationMillis());
        }
        maxFiresPerFact = config.maxFiresPerFact();
        maxEvaluationMillis = config.maxEvaluationMillis();
    }

    // ---- fact model whiteboard -------------------------------------------------------------

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addFactModel(FactModel model, Map<String, Object> properties) {
        contributions.addModel(model, properties).forEach(this::recompile);
    }

    public void removeFactModel(FactModel model, Map<String, Object> properties) {
        contributions.removeModel(model, properties).forEach(this::recompile);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addFactSource(FactSource source, Map<String, Object> properties) {
        contributions.addSource(source, properties);
    }

    public void removeFactSource(FactSource source) {
        contributions.removeSource(source);
    }

    /** In the server, releases are announced on Event Admin; this hook is for an engine used on its own. */
    void addReleaseListener(ReleaseListener listener) {
        listeners.add(listener);
    }

    /** Tells of a new release; called outside any package lock. */
    private void announce(Release release, Map<String, String> files) {
        for (ReleaseListener listener : listeners) {
            try {
                listener.activated(release, files);
            } catch (RuntimeException e) {
                LOG.error("Release listener {} failed on {}", listener, release, e);
            }
        }
        EventAdmin admin = events;
        if (admin != null) {
            admin.postEvent(new Event(RuleEvents.RELEASE_ACTIVATED, Map.of(RuleEvents.PACKAGE, release.rulePackage(),
                    RuleEvents.VERSION, release.version(), RuleEvents.ORIGIN, release.origin(),
                    RuleEvents.HASH, release.hash())));
        }
    }

    private boolean hasFactModel(String rulePackage) {
        return contributions.hasModel(rulePackage);
    }

    private ClassLoader classLoaderFor(String rulePackage) {
        return contributions.classLoader(rulePackage);
    }

    /** Compiles a package and, if it compiles, runs its scenarios: the whole gate a candidate passes. */
    private PackageCompiler.Result build(String rulePackage, Map<String, String> files, ClassLoader loader) {
        PackageCompiler.Result result = compiler.compile(files, loader);
        if (!result.succeeded()) {
            return result;
        }
        List<RuleProblem> failures = ScenarioRunner.run(target(rulePackage, result.kieBase, result.declaresDecisions, loader),
                files).stream().filter(r -> !r.passed())
                .map(r -> new RuleProblem(r.file(), r.line(), 0, ScenarioRunner.FILE.equals(r.scenario()) ? r.failure()
                        : "scenario '" + r.scenario() + "' failed: " + r.failure()))
                .collect(Collectors.toList());
        return failures.isEmpty() ? result : PackageCompiler.Result.failed(failures);
    }

    private ScenarioRunner.Target target(String rulePackage, org.kie.api.KieBase kieBase, boolean declaresDecisions,
            ClassLoader loader) {
        return new ScenarioRunner.Target(rulePackage, kieBase, declaresDecisions, loader, contributions.factTypes(rulePackage),
                maxFiresPerFact, maxEvaluationMillis);
    }

    @Override
    public List<ScenarioResult> test(String rulePackage) {
        PackageSlot slot = slots.get(rulePackage);
        ActiveRelease release = slot == null ? null : slot.active;
        if (release == null) {
            throw new RulesUnavailableException("rule package '" + rulePackage + "' has no active release");
        }
        return ScenarioRunner.run(target(rulePackage, release.kieBase, release.declaresDecisions, release.classLoader),
                release.files);
    }

    /** Rebuilds a package after its fact types changed, from the sources of its active release. */
    private void recompile(String rulePackage) {
        PackageSlot slot = slots.get(rulePackage);
        if (slot == null) {
            return;
        }
        Release created = null;
        Map<String, String> createdFiles = null;
        synchronized (slot) {
            ActiveRelease current = slot.active;
            Map<String, String> files = current != null ? current.files : slot.pendingFiles;
            String origin = current != null ? current.release.origin() : slot.pendingOrigin;
            String author = current != null ? current.release.author() : slot.pendingAuthor;
            if (files == null) {
                return;
            }
            if (!hasFactModel(rulePackage)) {
                if (current != null) {
                    LOG.info("Rule package '{}' v{} unloaded: no bundle contributes its fact types any more",
                            rulePackage, current.release.version());
                }
                slot.active = null;
                slot.pendingFiles = files;
                slot.pendingOrigin = origin;
                slot.pendingAuthor = author;
                return;
            }
            ClassLoader loader = classLoaderFor(rulePackage);
            PackageCompiler.Result result = build(rulePackage, files, loader);
            if (result.succeeded()) {
                long before = slot.lastVersion;
                Release release = current != null ? current.release : sameOrNextRelease(slot, files, origin, author, result);
                if (release.version() > before) {
                    created = release;
                    createdFiles = files;
                }
                slot.active = new ActiveRelease(release, result.kieBase, files, result.declaresDecisions, loader);
                slot.pendingFiles = null;
                slot.withdrawn = false;
                LOG.info("Rule package '{}' v{} built against the current fact types", rulePackage, release.version());
            } else {
                slot.active = null;
                slot.pendingFiles = files;
                slot.pendingOrigin = origin;
                slot.pendingAuthor = author;
                slot.lastRejection = rejection(rulePackage, files, origin, result.problems);
                LOG.error("Rule package '{}' no longer compiles against the current fact types:\n  {}", rulePackage,
                        describe(result.problems));
            }
        }
        if (created != null) {
            announce(created, createdFiles);
        }
    }

    // ---- deployment --------------------------------------------------------------------------

    @Override
    public Release deploy(String rulePackage, Map<String, String> files, String origin, String author) {
        validatePackageName(rulePackage);
        Map<String, String> sorted = new TreeMap<>(files);
        PackageSlot slot = slots.computeIfAbsent(rulePackage, PackageSlot::new);
        Release release;
        synchronized (slot) {
            String hash = hash(sorted);
            ActiveRelease current = slot.active;
            if (current != null && current.release.hash().equals(hash)) {
                return current.release;
            }
            // Kept until a release is built from them, so a change of fact models retries them.
            slot.pendingFiles = sorted;
            slot.pendingOrigin = origin;
            slot.pendingAuthor = author;
            slot.withdrawn = false;
            if (!hasFactModel(rulePackage)) {
                throw new RulesUnavailableException("rule package '" + rulePackage + "' is waiting: no bundle contributes "
                        + "its fact types yet; the files are kept and compiled as soon as one does");
            }
            ClassLoader loader = classLoaderFor(rulePackage);
            PackageCompiler.Result result = build(rulePackage, sorted, loader);
            if (!result.succeeded()) {
                Rejection rejection = rejection(rulePackage, sorted, origin, result.problems);
                slot.lastRejection = rejection;
                LOG.error("Rule package '{}' candidate from {} refused; {}:\n  {}", rulePackage, origin,
                        current == null ? "no release is active" : "v" + current.release.version() + " keeps serving",
                        describe(result.problems));
                throw new RuleRejectedException(rejection);
            }
            // The files of the last release coming back (a bundle restarted) are that release again.
            release = current == null ? sameOrNextRelease(slot, sorted, origin, author, result)
                    : accept(slot, sorted, origin, author, result);
            slot.active = new ActiveRelease(release, result.kieBase, sorted, result.declaresDecisions, loader);
            slot.lastRejection = null;
            slot.pendingFiles = null;
            slot.withdrawn = false;
            LOG.info("Rule package '{}' v{} active: {} rule(s) from {} {}", rulePackage, release.version(),
                    release.ruleCount(), origin, release.files());
        }
        announce(release, sorted);
        return release;
    }

    @Override
    public boolean withdraw(String rulePackage, String origin) {
        PackageSlot slot = slots.get(rulePackage);
        if (slot == null) {
            return false;
        }
        Release withdrawn;
        synchronized (slot) {
            ActiveRelease current = slot.active;
            boolean fromOrigin = current != null ? current.release.origin().equals(origin) : origin.equals(slot.pendingOrigin);
            if (!fromOrigin) {
                return false;
            }
            withdrawn = current != null ? current.release : null;
            slot.active = null;
            slot.shadow = null;
            slot.pendingFiles = null;
            slot.pendingOrigin = null;
            slot.pendingAuthor = null;
            slot.withdrawn = true;
        }
        LOG.info("Rule package '{}' withdrawn with {}{}", rulePackage, origin,
                withdrawn == null ? "" : ": v" + withdrawn.version() + " no longer serves");
        EventAdmin admin = events;
        if (admin != null && withdrawn != null) {
            admin.postEvent(new Event(RuleEvents.RELEASE_WITHDRAWN, Map.of(RuleEvents.PACKAGE, rulePackage,
                    RuleEvents.VERSION, withdrawn.version(), RuleEvents.ORIGIN, origin, RuleEvents.HASH, withdrawn.hash())));
        }
        return true;
    }

    @Override
    public Impact preview(String rulePackage, Map<String, String> files) {
        validatePackageName(rulePackage);
        if (!hasFactModel(rulePackage)) {
            throw new RulesUnavailableException("rule package '" + rulePackage + "' has no contributed fact types");
        }
        Map<String, String> sorted = new TreeMap<>(files);
        ClassLoader loader = classLoaderFor(rulePackage);
        PackageCompiler.Result candidate = build(rulePackage, sorted, loader);
        if (!candidate.succeeded()) {
            throw new RuleRejectedException(rejection(rulePackage, sorted, "preview", candidate.problems));
        }
        PackageSlot slot = slots.get(rulePackage);
        ActiveRelease active = slot == null ? null : slot.active;
        long activeVersion = active == null ? 0 : active.release.version();
        ImpactCollector impact = new ImpactCollector();
        contributions.forEachStoredBatch(rulePackage, PREVIEW_BATCH, batch -> {
            List<Decision> before = active == null ? List.of()
                    : Evaluator.evaluate(rulePackage, activeVersion, active.kieBase, active.declaresDecisions,
                            active.classLoader, batch, maxFiresPerFact, maxEvaluationMillis).decisions();
            List<Decision> after = Evaluator.evaluate(rulePackage, 0, candidate.kieBase, candidate.declaresDecisions,
                    loader, batch, maxFiresPerFact, maxEvaluationMillis).decisions();
            long previous = impact.facts();
            impact.add(batch.size(), before, after);
            if (impact.facts() / 100_000 > previous / 100_000) {
                LOG.info("Previewing rule package '{}': {} facts evaluated", rulePackage, impact.facts());
            }
        });
        return impact.impact(rulePackage, activeVersion);
    }

    @Override
    public List<Release> history(String rulePackage) {
        return store.history(rulePackage);
    }

    @Override
    public Optional<Map<String, String>> files(String rulePackage, long version) {
        return store.files(rulePackage, version);
    }

    @Override
    public List<String> diff(String rulePackage, long from, long to) {
        return LineDiff.diff(releaseFiles(rulePackage, from), releaseFiles(rulePackage, to));
    }

    private Map<String, String> releaseFiles(String rulePackage, long version) {
        return store.files(rulePackage, version).orElseThrow(() -> new IllegalArgumentException(
                "rule package '" + rulePackage + "' has no release " + version));
    }

    @Override
    public Release rollback(String rulePackage, long version, String author) {
        return deploy(rulePackage, releaseFiles(rulePackage, version), "rollback to v" + version, author);
    }

    /** Numbers, stores and records a new release; the caller activates it. */
    private Release accept(PackageSlot slot, Map<String, String> files, String origin, String author,
            PackageCompiler.Result result) {
        Release release = new Release(slot.name, slot.lastVersion + 1, hash(files), clock.instant(), origin, author,
                new ArrayList<>(files.keySet()), result.ruleCount);
        store.save(release, files);
        slot.lastVersion = release.version();
        slot.lastAccepted = release;
        return release;
    }

    private Release sameOrNextRelease(PackageSlot slot, Map<String, String> files, String origin, String author,
            PackageCompiler.Result result) {
        Release last = slot.lastAccepted;
        return last != null && last.hash().equals(hash(files)) ? last : accept(slot, files, origin, author, result);
    }

    private Rejection rejection(String rulePackage, Map<String, String> files, String origin, List<RuleProblem> problems) {
        return new Rejection(rulePackage, hash(files), clock.instant(), origin, problems);
    }

    private static void validatePackageName(String rulePackage) {
        if (rulePackage == null || !rulePackage.matches("[a-z][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("invalid rule package name '" + rulePackage
                    + "': use lower-case letters, digits and '-', starting with a letter");
        }
    }

    static String hash(Map<String, String> sortedFiles) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> file : sortedFiles.entrySet()) {
                digest.update(file.getKey().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(file.getValue().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String describe(List<RuleProblem> problems) {
        return problems.stream().map(RuleProblem::toString).collect(Collectors.joining("\n  "));
    }

    // ---- evaluation --------------------------------------------------------------------------

    @Override
    public Evaluation evaluate(String rulePackage, Collection<?> facts) {
        PackageSlot slot = slots.get(rulePackage);
        ActiveRelease release = slot == null ? null : slot.active;
        if (release == null) {
            throw new RulesUnavailableException("rule package '" + rulePackage + "' has no active release"
                    + (slot == null ? "" : " (" + slot.status(hasFactModel(rulePackage)).state() + ")"));
        }
        Evaluator.Outcome outcome = Evaluator.evaluate(rulePackage, release.release.version(), release.kieBase,
                release.declaresDecisions, release.classLoader, facts, maxFiresPerFact, maxEvaluationMillis);
        ShadowRun shadow = slot.shadow;
        if (shadow != null) {
            shadow.compare(rulePackage, facts, outcome.decisions(), maxFiresPerFact, maxEvaluationMillis);
        }
        return new Evaluation(release.release, outcome.decisions(), outcome.fired());
    }

    @Override
    public Shadow startShadow(String rulePackage, Map<String, String> files, String origin) {
        validatePackageName(rulePackage);
        PackageSlot slot = slots.get(rulePackage);
        ActiveRelease active = slot == null ? null : slot.active;
        if (active == null) {
            throw new RulesUnavailableException("rule package '" + rulePackage + "' has no active release to shadow");
        }
        Map<String, String> sorted = new TreeMap<>(files);
        ClassLoader loader = classLoaderFor(rulePackage);
        PackageCompiler.Result candidate = build(rulePackage, sorted, loader);
        if (!candidate.succeeded()) {
            throw new RuleRejectedException(rejection(rulePackage, sorted, origin, candidate.problems));
        }
        ShadowRun run = new ShadowRun(sorted, hash(sorted), origin, clock.instant(), candidate, loader);
        slot.shadow = run;
        LOG.info("Rule package '{}': shadow from {} runs beside v{}", rulePackage, origin, active.release.version());
        return run.snapshot(rulePackage, active.release.version());
    }

    @Override
    public Optional<Shadow> shadow(String rulePackage) {
        PackageSlot slot = slots.get(rulePackage);
        if (slot == null || slot.shadow == null) {
            return Optional.empty();
        }
        ActiveRelease active = slot.active;
        return Optional.of(slot.shadow.snapshot(rulePackage, active == null ? 0 : active.release.version()));
    }

    @Override
    public Optional<Shadow> dropShadow(String rulePackage) {
        Optional<Shadow> last = shadow(rulePackage);
        PackageSlot slot = slots.get(rulePackage);
        if (slot != null) {
            slot.shadow = null;
        }
        last.ifPresent(s -> LOG.info("Rule package '{}': shadow from {} dropped after {} evaluations",
                rulePackage, s.origin(), s.evaluations()));
        return last;
    }

    @Override
    public Release promoteShadow(String rulePackage, String author) {
        PackageSlot slot = slots.get(rulePackage);
        ShadowRun run = slot == null ? null : slot.shadow;
        if (run == null) {
            throw new IllegalArgumentException("rule package '" + rulePackage + "' has no shadow running");
        }
        Release release = deploy(rulePackage, run.files, "promoted shadow from " + run.origin, author);
        slot.shadow = null;
        return release;
    }

    // ---- status ------------------------------------------------------------------------------

    @Override
    public List<RulePackageStatus> packages() {
        return new TreeMap<>(slots).values().stream()
                .map(s -> s.status(hasFactModel(s.name)))
                .collect(Collectors.toList());
    }

    @Override
    public Optional<RulePackageStatus> status(String rulePackage) {
        return Optional.ofNullable(slots.get(rulePackage)).map(s -> s.status(hasFactModel(rulePackage)));
    }

}
