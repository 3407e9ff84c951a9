package org.rapport.rules.impl;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.kie.api.KieBase;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.Shadow;

/** A candidate compiled and running beside the active release of one package. */
final class ShadowRun {

    final Map<String, String> files;
    final String hash;
    final String origin;
    final Instant since;
    private final KieBase kieBase;
    private final boolean declaresDecisions;
    private final ClassLoader classLoader;
    private final ImpactCollector differences = new ImpactCollector();
    private final AtomicLong evaluations = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    ShadowRun(Map<String, String> files, String hash, String origin, Instant since, PackageCompiler.Result compiled,
            ClassLoader classLoader) {
        this.files = files;
        this.hash = hash;
        this.origin = origin;
        this.since = since;
        this.kieBase = compiled.kieBase;
        this.declaresDecisions = compiled.declaresDecisions;
        this.classLoader = classLoader;
    }

    /** Evaluates the same facts as a live evaluation and counts the differences; never throws. */
    void compare(String rulePackage, Collection<?> facts, List<Decision> live, Limits limits) {
        evaluations.incrementAndGet();
        try {
            List<Decision> shadow = Evaluator.evaluate(rulePackage, 0, kieBase, declaresDecisions, classLoader, facts,
                    limits.maxFiresPerFact(), limits.maxEvaluationMillis()).decisions();
            synchronized (differences) {
                differences.add(facts.size(), live, shadow);
            }
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            failures.incrementAndGet();
        }
    }

    /** What this engine counted, as it keeps it in the store. */
    ShadowCounts counts(String run) {
        synchronized (differences) {
            return differences.counts(run, hash, since, evaluations.get(), failures.get());
        }
    }

    long evaluations() {
        return evaluations.get();
    }

    Shadow snapshot(String rulePackage, long activeRelease) {
        synchronized (differences) {
            return new Shadow(rulePackage, hash, origin, since, evaluations.get(), failures.get(),
                    differences.impact(rulePackage, activeRelease));
        }
    }
}
