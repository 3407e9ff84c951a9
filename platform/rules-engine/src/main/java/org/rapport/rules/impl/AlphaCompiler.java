package org.rapport.rules.impl;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts releases in service and, in the background, compiles their alpha networks to Java. Its
 * one background thread, which ends when idle, also does the engine's other slow work (the
 * warm-up after a start, the withdrawal of an overrunning release), one task at a time.
 */
final class AlphaCompiler {

    private static final Logger LOG = LoggerFactory.getLogger(AlphaCompiler.class);

    private final Gate gate;
    private final Supplier<Limits> limits;
    private final ThreadPoolExecutor compiler = compiler();
    /**
     * On unless configured off; the system property {@code rapport.rules.compileReleases=false}
     * starts an engine with it off, as the unit tests do, where the second build of every release
     * only competes with the tests for the cores (configuration turns it on again).
     */
    private volatile boolean enabled = Boolean.parseBoolean(System.getProperty("rapport.rules.compileReleases", "true"));

    AlphaCompiler(Gate gate, Supplier<Limits> limits) {
        this.gate = gate;
        this.limits = limits;
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

    /** Whether releases put in service from now on are compiled to Java. */
    void enable(boolean compileReleases) {
        enabled = compileReleases;
    }

    void shutdown() {
        compiler.shutdownNow();
    }

    /**
     * Puts a release in service (the caller holds the slot's monitor) and, unless it already runs
     * compiled, has it compiled in the background.
     */
    void activate(PackageSlot slot, ActiveRelease release) {
        slot.active = release;
        if (enabled && !release.compiled) {
            background(() -> compile(slot, release));
        }
    }

    /** Runs work on the engine's background thread, unless the engine is stopping. */
    void background(Runnable work) {
        try {
            compiler.execute(work);
        } catch (RejectedExecutionException stopping) {
            // The engine is stopping: what serves now serves for as long as it lasts.
        }
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
            PackageCompiler.Result again = gate.rebuild(slot.name, serving.files, serving.classLoader, limits.get());
            if (!again.succeeded()) {
                LOG.warn("{} keeps serving with its alpha network interpreted: it no longer builds: {}", name,
                        Releases.describe(again.problems));
                return;
            }
            ExecutableModel.compileAlphaNetwork(slot.name, (InternalKnowledgeBase) again.kieBase,
                    new Sandbox(serving.classLoader.allowList(), serving.classLoader.factTypes(),
                            DroolsRulesEngine.class.getClassLoader()));
            compiled = serving.compiledTo(again.kieBase);
            failures = gate.test(slot.name, compiled, limits.get()).stream().filter(r -> !r.passed())
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
}
