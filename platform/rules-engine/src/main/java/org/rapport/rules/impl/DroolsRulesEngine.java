package org.rapport.rules.impl;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
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
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.FactSource;
import org.rapport.rules.api.Impact;
import org.rapport.rules.api.Rejection;
import org.rapport.rules.api.Release;
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

        @AttributeDefinition(name = "Look for other nodes' releases every (ms)",
                description = "How often the database is asked whether another node sharing it accepted a newer "
                        + "release, which this node then builds and activates too; 0 never asks.")
        long syncIntervalMillis() default 1000;

        @AttributeDefinition(name = "Time budget per evaluation (ms)",
                description = "An evaluation still firing rules after this long is halted and fails, naming the rule "
                        + "that was firing. Evaluations are batches: allow for the largest batch a caller hands in.")
        long maxEvaluationMillis() default 10_000;

        @AttributeDefinition(name = "Compile alpha networks to Java",
                description = "A release serves as soon as it passes the gate. With this on, the engine then builds it "
                        + "again in the background with its alpha network (the single-fact conditions) compiled to Java, "
                        + "runs its scenarios on that form and switches to it, which evaluates faster.")
        boolean compileReleases() default true;

        @AttributeDefinition(name = "Also allowed in rules",
                description = "Entries added to the rules' allow-list, one per value, as in the shipped sandbox.allow: "
                        + "'java.util.Currency: getInstance getCurrencyCode'. Only add what cannot reach files, "
                        + "processes, the network, class loading, reflection or threads, and runs in bounded time. "
                        + "Each change is logged; it applies to rules compiled from then on.")
        String[] allow() default {};
    }

    private static final Logger LOG = LoggerFactory.getLogger(DroolsRulesEngine.class);
    /** A release whose evaluations overrun this many times is withdrawn for the release before it. */
    static final int OVERRUNS_BEFORE_WITHDRAWAL = 3;

    private final ConcurrentMap<String, PackageSlot> slots = new ConcurrentHashMap<>();
    private final FactContributions contributions = new FactContributions();
    private final Announcer announcer = new Announcer();
    private final Gate gate = new Gate(contributions);
    private final ReleaseStore store;
    private final Clock clock;
    private volatile Limits limits = Limits.DEFAULT;
    private volatile boolean compileReleases = true;
    /** What configuration adds to the rules' allow-list, as last announced. */
    private List<String> allowed = List.of();
    /** Compiles active releases to Java, one at a time, in the background; its thread ends when idle. */
    private final ThreadPoolExecutor compiler = compiler();
    private final Shadows shadows;
    private final Overruns overruns = new Overruns(this);
    /** Asks the store for other nodes' releases; null for an engine outside the server. */
    private ScheduledExecutorService syncer;

    /** An engine whose releases live as long as it does: for tests and tools outside the server. */
    public DroolsRulesEngine() {
        this(new MemoryReleaseStore(), Clock.systemUTC());
    }

    @Activate
    public DroolsRulesEngine(@Reference ReleaseStore store, Config config) {
        this(store, Clock.systemUTC());
        configure(config);
        if (config.syncIntervalMillis() > 0) {
            syncer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rapport-rules-sync");
                t.setDaemon(true);
                return t;
            });
            syncer.scheduleWithFixedDelay(this::safeSync, config.syncIntervalMillis(), config.syncIntervalMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    @Deactivate
    void deactivate() {
        if (syncer != null) {
            syncer.shutdownNow();
        }
        compiler.shutdownNow();
    }

    private static ThreadPoolExecutor compiler() {
        ThreadPoolExecutor compiler = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "rapport-rules-compiler");
            t.setDaemon(true);
            return t;
        });
        compiler.allowCoreThreadTimeOut(true);
        return compiler;
    }

    DroolsRulesEngine(ReleaseStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.shadows = new Shadows(slots, contributions, gate, () -> limits, this::deploy, clock);
        PackageCompiler.initialiseDrools();
        restore();
        // The first compilations after a start take several times longer than later ones (classes
        // loaded, code not yet compiled by the JIT): done now, so that an analyst's first change
        // swaps in as fast as the next.
        background(WarmUp::run);
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
                    continue;
                }
                slot.pending = new PackageSlot.Pending(store.files(release.rulePackage(), release.version()).orElseThrow(),
                        release.origin(), release.author());
            }
            LOG.info("Rule package '{}' v{} restored from the database", release.rulePackage(), release.version());
        }
    }

    @Modified
    void configure(Config config) {
        limits = new Limits(config.maxFiresPerFact(), config.maxEvaluationMillis());
        compileReleases = config.compileReleases();
        List<String> extra = config.allow() == null ? List.of() : List.of(config.allow());
        try {
            contributions.allow(AllowList.shipped().with(extra));
            if (!extra.equals(allowed)) {
                LOG.warn("The rules' allow-list is extended by configuration ({}): {}", PID, extra);
                announcer.allowList(String.join("\n", extra));
                allowed = extra;
            }
        } catch (IllegalArgumentException e) {
            contributions.allow(AllowList.shipped());
            LOG.error("The rules' allow-list in configuration {} is refused, the shipped list applies: {}", PID,
                    e.getMessage());
        }
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

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void setEventAdmin(EventAdmin events) {
        announcer.setEventAdmin(events);
    }

    void unsetEventAdmin(EventAdmin events) {
        announcer.setEventAdmin(null);
    }

    /** In the server, releases are announced on Event Admin; this hook is for an engine used on its own. */
    void addReleaseListener(ReleaseListener listener) {
        announcer.addListener(listener);
    }

    /** Compiles a package and, if it compiles, runs its scenarios: the whole gate a candidate passes. */
    private PackageCompiler.Result build(String rulePackage, Map<String, String> files, FactClassLoader loader) {
        return gate.build(rulePackage, files, loader, limits);
    }

    @Override
    public List<ScenarioResult> test(String rulePackage) {
        PackageSlot slot = slots.get(rulePackage);
        ActiveRelease release = slot == null ? null : slot.active;
        if (release == null) {
            throw new RulesUnavailableException("rule package '" + rulePackage + "' has no active release");
        }
        return gate.test(rulePackage, release, limits);
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
            PackageCompiler.Result result = build(rulePackage, files, loader);
            if (result.succeeded()) {
                long before = slot.lastVersion;
                Release release = current != null ? current.release : sameOrNextRelease(slot, files, origin, sources.author(), result);
                if (release.version() > before) {
                    created = release;
                    createdFiles = files;
                }
                activate(slot, new ActiveRelease(release, result, files, loader));
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

    // ---- deployment --------------------------------------------------------------------------

    @Override
    public Release deploy(String rulePackage, Map<String, String> files, String origin, String author) {
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
            PackageCompiler.Result result = build(rulePackage, sorted, loader);
            if (!result.succeeded()) {
                Rejection rejection = rejection(rulePackage, sorted, origin, result.problems);
                slot.lastRejection = rejection;
                LOG.error("Rule package '{}' candidate from {} refused; {}:\n  {}", rulePackage, origin,
                        current == null ? "no release is active" : "v" + current.release.version() + " keeps serving",
                        Releases.describe(result.problems));
                throw new RuleRejectedException(rejection);
            }
            // The files of the last release coming back (a bundle restarted) are that release again.
            release = current == null ? sameOrNextRelease(slot, sorted, origin, author, result)
                    : accept(slot, sorted, origin, author, result);
            activate(slot, new ActiveRelease(release, result, sorted, loader));
            slot.lastRejection = null;
            slot.pending = null;
            LOG.info("Rule package '{}' v{} active: {} rule(s) from {} {}", rulePackage, release.version(),
                    release.ruleCount(), origin, release.files());
        }
        announcer.activated(release, sorted, false);
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

    @Override
    public List<RuleProblem> check(String rulePackage, Map<String, String> files) {
        PackageCompiler.Result result = build(rulePackage, new TreeMap<>(files), modelLoader(rulePackage));
        return result.succeeded() ? List.of() : List.copyOf(result.problems);
    }

    @Override
    public Impact preview(String rulePackage, Map<String, String> files, Progress progress) {
        FactClassLoader loader = modelLoader(rulePackage);
        Map<String, String> sorted = new TreeMap<>(files);
        PackageCompiler.Result candidate = build(rulePackage, sorted, loader);
        if (!candidate.succeeded()) {
            throw new RuleRejectedException(rejection(rulePackage, sorted, "preview", candidate.problems));
        }
        PackageSlot slot = slots.get(rulePackage);
        return Preview.run(rulePackage, slot == null ? null : slot.active, candidate, loader, contributions, limits,
                progress);
    }

    /** The class loader a candidate of the package compiles with, for a check or a preview (which serve nothing). */
    private FactClassLoader modelLoader(String rulePackage) {
        Releases.validatePackageName(rulePackage);
        if (!contributions.hasModel(rulePackage)) {
            throw new RulesUnavailableException("rule package '" + rulePackage + "' has no contributed fact types");
        }
        return contributions.classLoader(rulePackage);
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

    /**
     * Numbers, stores and records a new release; the caller activates it. When another node
     * sharing the database stored that number first, its release is the newer one to number
     * after, unless it is these very files, which are then that release.
     */
    private Release accept(PackageSlot slot, Map<String, String> files, String origin, String author,
            PackageCompiler.Result result) {
        String hash = Releases.hash(files);
        while (true) {
            // Milliseconds, as every database keeps them: the release read back is the release stored.
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Release release = new Release(slot.name, slot.lastVersion + 1, hash, now, origin, author,
                    new ArrayList<>(files.keySet()), result.ruleCount);
            try {
                store.save(release, files);
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

    // ---- other nodes -------------------------------------------------------------------------

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
                activate(slot, current.as(release));
            } else if (!contributions.hasModel(slot.name)) {
                slot.pending = new PackageSlot.Pending(files, release.origin(), release.author());
                LOG.info("Rule package '{}' v{} accepted on another node; waiting for its fact types here", slot.name,
                        release.version());
                return;
            } else {
                FactClassLoader loader = contributions.classLoader(slot.name);
                PackageCompiler.Result result = build(slot.name, files, loader);
                if (!result.succeeded()) {
                    slot.lastRejection = rejection(slot.name, files, release.origin(), result.problems);
                    LOG.error("Rule package '{}' v{}, accepted on another node, does not build on this one; {}:\n  {}",
                            slot.name, release.version(), current == null ? "no release is active"
                                    : "v" + current.release.version() + " keeps serving", Releases.describe(result.problems));
                    return;
                }
                activate(slot, new ActiveRelease(release, result, files, loader));
                slot.pending = null;
                slot.lastRejection = null;
            }
            LOG.info("Rule package '{}' v{} active: accepted on another node from {}", slot.name, release.version(),
                    release.origin());
        }
        announcer.activated(release, files, true);
    }

    /** The last accepted release again if these are its files (a rebuild, a bundle back), else a new one. */
    private Release sameOrNextRelease(PackageSlot slot, Map<String, String> files, String origin, String author,
            PackageCompiler.Result result) {
        Release last = slot.lastAccepted;
        return last != null && last.hash().equals(Releases.hash(files)) ? last : accept(slot, files, origin, author, result);
    }

    private Rejection rejection(String rulePackage, Map<String, String> files, String origin, List<RuleProblem> problems) {
        return new Rejection(rulePackage, Releases.hash(files), clock.instant(), origin, problems);
    }

    // ---- compiling active releases ---------------------------------------------------------

    /**
     * Puts a release in service (the caller holds the slot's monitor) and, unless it already runs
     * compiled, has it compiled in the background.
     */
    private void activate(PackageSlot slot, ActiveRelease release) {
        slot.active = release;
        if (compileReleases && !release.compiled) {
            background(() -> compile(slot, release));
        }
    }

    /** Runs work on the engine's background thread, unless the engine is stopping. */
    private void background(Runnable work) {
        try {
            compiler.execute(work);
        } catch (RejectedExecutionException stopping) {
            // The engine is stopping: what serves now serves for as long as it lasts.
        }
    }

    /** The release's problems as the package's last rejection: shown by rules:list, REST and the console. */
    void reject(PackageSlot slot, Map<String, String> files, String origin, List<RuleProblem> problems) {
        slot.lastRejection = rejection(slot.name, files, origin, problems);
    }

    void announceWithdrawn(Release release, String origin) {
        announcer.withdrawn(release, origin);
    }

    /**
     * Builds the serving release again with its alpha network compiled to Java, runs the
     * release's scenarios on it, and switches the package over to it if the release still serves
     * by then. Evaluations read the package's release once, so each runs wholly on one form or the
     * other; both are the same release, judged by the same sandbox, and decide alike.
     */
    private void compile(PackageSlot slot, ActiveRelease serving) {
        if (slot.active != serving) {
            return; // replaced while waiting its turn
        }
        long start = System.nanoTime();
        String name = "Rule package '" + slot.name + "' v" + serving.release.version();
        ActiveRelease compiled;
        List<String> failures;
        try {
            PackageCompiler.Result again = build(slot.name, serving.files, serving.classLoader);
            if (!again.succeeded()) {
                LOG.warn("{} keeps serving with its alpha network interpreted: it no longer builds: {}", name,
                        Releases.describe(again.problems));
                return;
            }
            ExecutableModel.compileAlphaNetwork(slot.name, (InternalKnowledgeBase) again.kieBase,
                    new Sandbox(serving.classLoader.allowList(), serving.classLoader.factTypes(),
                            DroolsRulesEngine.class.getClassLoader()));
            compiled = serving.compiledTo(again.kieBase);
            failures = gate.test(slot.name, compiled, limits).stream().filter(r -> !r.passed())
                    .map(r -> r.scenario() + ": " + r.failure()).collect(Collectors.toList());
        } catch (ExecutableModel.Unavailable | RuntimeException | LinkageError e) {
            LOG.warn("{} keeps serving with its alpha network interpreted: it could not be compiled to Java: {}", name,
                    e instanceof ExecutableModel.Unavailable ? e.getMessage() : e.toString());
            return;
        }
        if (!failures.isEmpty()) {
            LOG.warn("{} keeps serving with its alpha network interpreted: its scenarios fail with it compiled:\n  {}",
                    name, String.join("\n  ", failures));
            return;
        }
        synchronized (slot) {
            if (slot.active != serving) {
                return;
            }
            slot.active = compiled;
        }
        LOG.info("{} serves with its alpha network compiled to Java from now on (built and its scenarios run in {} ms)",
                name, (System.nanoTime() - start) / 1_000_000);
    }

    // ---- evaluation --------------------------------------------------------------------------

    @Override
    public Evaluation evaluate(String rulePackage, Collection<?> facts) {
        PackageSlot slot = slots.get(rulePackage);
        ActiveRelease release = slot == null ? null : slot.active;
        if (release == null) {
            throw new RulesUnavailableException("rule package '" + rulePackage + "' has no active release"
                    + (slot == null ? "" : " (" + slot.status(contributions.hasModel(rulePackage)).state() + ")"));
        }
        Evaluator.Outcome outcome;
        try {
            outcome = Evaluator.evaluate(rulePackage, release.release.version(), release.kieBase,
                    release.declaresDecisions, release.classLoader, facts, limits.maxFiresPerFact(),
                    limits.maxEvaluationMillis());
        } catch (Evaluator.Overrun e) {
            if (release.overruns.incrementAndGet() == OVERRUNS_BEFORE_WITHDRAWAL) {
                // Not on the caller's thread: it is answered at once, the release changes behind it.
                background(() -> overruns.withdraw(slot, release, e));
            }
            throw e;
        }
        ShadowRun shadow = slot.shadow;
        if (shadow != null) {
            shadow.compare(rulePackage, facts, outcome.decisions(), limits);
        }
        return new Evaluation(release.release, outcome.decisions(), outcome.fired());
    }

    @Override
    public Shadow startShadow(String rulePackage, Map<String, String> files, String origin) {
        return shadows.start(rulePackage, files, origin);
    }

    @Override
    public Optional<Shadow> shadow(String rulePackage) {
        return shadows.get(rulePackage);
    }

    @Override
    public Optional<Shadow> dropShadow(String rulePackage) {
        return shadows.drop(rulePackage);
    }

    @Override
    public Release promoteShadow(String rulePackage, String author) {
        return shadows.promote(rulePackage, author);
    }

    // ---- status ------------------------------------------------------------------------------

    @Override
    public List<RulePackageStatus> packages() {
        return new TreeMap<>(slots).values().stream()
                .map(s -> s.status(contributions.hasModel(s.name)))
                .collect(Collectors.toList());
    }

    @Override
    public Optional<RulePackageStatus> status(String rulePackage) {
        return Optional.ofNullable(slots.get(rulePackage)).map(s -> s.status(contributions.hasModel(rulePackage)));
    }

}
