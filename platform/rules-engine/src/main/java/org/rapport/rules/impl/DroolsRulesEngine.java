package org.rapport.rules.impl;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.event.EventAdmin;
import org.rapport.guard.PluginPolicy;
import org.rapport.guard.Registration;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.rapport.rules.api.Evaluation;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.FactSource;
import org.rapport.rules.api.Impact;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RuleFinding;
import org.rapport.rules.api.RuleCoverage;
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
@Component(service = RulesEngine.class, configurationPid = RulesEngineConfig.PID)
@Designate(ocd = RulesEngineConfig.class)
public class DroolsRulesEngine implements RulesEngine {

    private static final Logger LOG = LoggerFactory.getLogger(DroolsRulesEngine.class);
    /** A release whose evaluations overrun this many times is withdrawn for the release before it. */
    static final int OVERRUNS_BEFORE_WITHDRAWAL = 3;

    private final ConcurrentMap<String, PackageSlot> slots = new ConcurrentHashMap<>();
    private final FactContributions contributions = new FactContributions();
    private final Announcer announcer = new Announcer();
    private final Gate gate = new Gate(contributions);
    private final ReleaseStore store;
    private volatile Limits limits = Limits.DEFAULT;
    /** The packages configuration exempts from scenarios, as last logged. */
    private Set<String> exempt = Set.of();
    /** What configuration adds to the rules' allow-list, as last announced. */
    private List<String> allowed = List.of();
    private final AlphaCompiler alpha = new AlphaCompiler(gate, () -> limits);
    private final Deployments deployments;
    private final NodeSync nodes;
    private final Shadows shadows;
    private final Overruns overruns = new Overruns(this);
    /** Holds plugins' fact models to their manifests; null outside a framework. */
    private volatile PluginPolicy plugins;
    /** Fact models refused, so their going changes nothing. */
    private final Set<FactModel> refusedModels = ConcurrentHashMap.newKeySet();

    /** An engine whose releases live as long as it does: for tests and tools outside the server. */
    public DroolsRulesEngine() {
        this(new MemoryReleaseStore(), Clock.systemUTC());
    }

    @Activate
    public DroolsRulesEngine(@Reference ReleaseStore store, RulesEngineConfig config, BundleContext context) {
        this(store, Clock.systemUTC());
        // Before any fact model is bound: DS binds the dynamic references once the component is constructed.
        plugins = PluginPolicy.open("Fact models", context, announcer::post);
        configure(config);
        if (config.syncIntervalMillis() > 0) {
            nodes.start(config.syncIntervalMillis());
        }
    }

    @Deactivate
    void deactivate() {
        nodes.stop();
        alpha.shutdown();
    }

    DroolsRulesEngine(ReleaseStore store, Clock clock) {
        this.store = store;
        this.deployments = new Deployments(slots, contributions, gate, () -> limits, store, clock, announcer, alpha);
        this.nodes = new NodeSync(slots, store, contributions, announcer, deployments, alpha);
        this.shadows = new Shadows(slots, contributions, gate, () -> limits, deployments::deploy, store, clock);
        this.nodes.alsoSync(shadows::sync);
        PackageCompiler.initialiseDrools();
        deployments.restore();
        // The first compilations after a start take several times longer than later ones (classes
        // loaded, code not yet compiled by the JIT): done now, so that an analyst's first change
        // swaps in as fast as the next.
        alpha.background(WarmUp::run);
    }

    /**
     * Refuses candidates without scenarios from now on, as the server does by default; an engine
     * embedded in a test or a tool runs the scenarios a package has and requires none.
     */
    public void requireScenarios() {
        gate.require(new Gate.ScenarioRequirement(true, Set.of()));
    }

    @Modified
    void configure(RulesEngineConfig config) {
        limits = new Limits(config.maxFiresPerFact(), config.maxEvaluationMillis());
        try {
            gate.policy(CheckPolicy.of(config));
        } catch (IllegalArgumentException e) {
            gate.policy(CheckPolicy.DEFAULT);
            LOG.error("The static checks' configuration in {} is refused, the defaults apply: {}", RulesEngineConfig.PID,
                    e.getMessage());
        }
        Set<String> optional = config.scenariosOptional() == null ? Set.of()
                : new TreeSet<>(List.of(config.scenariosOptional()));
        gate.require(new Gate.ScenarioRequirement(config.requireScenarios(), optional));
        if (!config.requireScenarios()) {
            LOG.warn("Rule packages without scenarios are accepted (requireScenarios = false in {})",
                    RulesEngineConfig.PID);
        } else if (!optional.equals(exempt)) {
            LOG.warn("Rule packages accepted without scenarios ({}): {}", RulesEngineConfig.PID, optional);
        }
        exempt = optional;
        alpha.enable(config.compileReleases());
        List<String> extra = config.allow() == null ? List.of() : List.of(config.allow());
        try {
            contributions.allow(AllowList.shipped().with(extra));
            if (!extra.equals(allowed)) {
                LOG.warn("The rules' allow-list is extended by configuration ({}): {}", RulesEngineConfig.PID, extra);
                announcer.allowList(String.join("\n", extra));
                allowed = extra;
            }
        } catch (IllegalArgumentException e) {
            contributions.allow(AllowList.shipped());
            LOG.error("The rules' allow-list in configuration {} is refused, the shipped list applies: {}",
                    RulesEngineConfig.PID,
                    e.getMessage());
        }
    }

    // ---- fact model whiteboard -------------------------------------------------------------

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    public void addFactModel(FactModel model, Map<String, Object> properties) {
        PluginPolicy policy = plugins;
        // Each package is checked (and each undeclared one reported); one undeclared refuses the model.
        if (policy != null && FactContributions.packagesOf(properties).stream()
                .filter(p -> !policy.admit(properties, Registration.FACT_MODEL, p)).count() > 0) {
            refusedModels.add(model);
            return;
        }
        contributions.addModel(model, properties).forEach(rulePackage -> {
            deployments.recompile(rulePackage);
            shadows.adopt(rulePackage);
        });
    }

    public void removeFactModel(FactModel model, Map<String, Object> properties) {
        if (refusedModels.remove(model)) {
            return;
        }
        contributions.removeModel(model, properties).forEach(deployments::recompile);
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

    @Override
    public List<ScenarioResult> test(String rulePackage) {
        PackageSlot slot = slots.get(rulePackage);
        ActiveRelease release = slot == null ? null : slot.active;
        if (release == null) {
            throw new RulesUnavailableException("rule package '" + rulePackage + "' has no active release");
        }
        return gate.test(rulePackage, release, limits);
    }

    @Override
    public Release deploy(String rulePackage, Map<String, String> files, String origin, String author) {
        return deployments.deploy(rulePackage, files, origin, author);
    }

    @Override
    public boolean withdraw(String rulePackage, String origin) {
        return deployments.withdraw(rulePackage, origin);
    }

    @Override
    public List<RuleProblem> check(String rulePackage, Map<String, String> files) {
        PackageCompiler.Result result = deployments.admit(rulePackage, new TreeMap<>(files), modelLoader(rulePackage));
        return result.succeeded() ? List.of() : List.copyOf(result.problems);
    }

    @Override
    public List<RuleFinding> findings(String rulePackage, Map<String, String> files) {
        return gate.checks(new TreeMap<>(files), modelLoader(rulePackage)).findings();
    }

    @Override
    public Impact preview(String rulePackage, Map<String, String> files, Progress progress) {
        FactClassLoader loader = modelLoader(rulePackage);
        Map<String, String> sorted = new TreeMap<>(files);
        PackageCompiler.Result candidate = deployments.build(rulePackage, sorted, loader);
        if (!candidate.succeeded()) {
            throw new RuleRejectedException(deployments.rejection(rulePackage, sorted, "preview", candidate.problems));
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

    @Override
    public Optional<List<RuleCoverage>> coverage(String rulePackage, long version) {
        return store.coverage(rulePackage, version);
    }

    // ---- other nodes -------------------------------------------------------------------------

    /** Activates the releases other nodes sharing the release store accepted since this node last looked. */
    void sync() {
        nodes.sync();
    }

    // ---- withdrawals of overrunning releases -----------------------------------------------

    /** The release's problems as the package's last rejection: shown by rules:list, REST and the console. */
    void reject(PackageSlot slot, Map<String, String> files, String origin, List<RuleProblem> problems) {
        slot.lastRejection = deployments.rejection(slot.name, files, origin, problems);
    }

    void announceWithdrawn(Release release, String origin) {
        announcer.withdrawn(release, origin);
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
                alpha.background(() -> overruns.withdraw(slot, release, e));
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
