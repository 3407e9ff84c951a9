package org.rapport.rules.impl;

import java.util.List;

import org.rapport.rules.api.Decision;
import org.rapport.rules.api.Impact;
import org.rapport.rules.api.RulesEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An impact preview: the active release and a candidate evaluated side by side on every stored
 * fact of the package, nothing applied, each difference counted. The package's sources hand over
 * only what may be evaluated (a source of facts that profile people asks the consent gate first);
 * who they left out, and why, is counted too.
 */
final class Preview {

    static final int BATCH = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(Preview.class);

    private Preview() {
    }

    static Impact run(String rulePackage, ActiveRelease active, PackageCompiler.Result candidate, ClassLoader loader,
            FactContributions contributions, Limits limits, RulesEngine.Progress progress) {
        long activeVersion = active == null ? 0 : active.release.version();
        long total = contributions.countStored(rulePackage);
        ImpactCollector impact = new ImpactCollector();
        progress.update(0, total);
        contributions.forEachStoredBatch(rulePackage, BATCH, batch -> {
            List<Decision> before = active == null ? List.of()
                    : Evaluator.evaluate(rulePackage, activeVersion, active.kieBase, active.declaresDecisions,
                            active.classLoader, batch, limits.maxFiresPerFact(), limits.maxEvaluationMillis()).decisions();
            List<Decision> after = Evaluator.evaluate(rulePackage, 0, candidate.kieBase, candidate.declaresDecisions,
                    loader, batch, limits.maxFiresPerFact(), limits.maxEvaluationMillis()).decisions();
            long previous = impact.facts();
            impact.add(batch.size(), before, after);
            // The sources count every stored subject: those left out are done too.
            progress.update(impact.facts() + impact.leftOutCount(), total);
            if (impact.facts() / 100_000 > previous / 100_000) {
                LOG.info("Previewing rule package '{}': {} of {} facts evaluated", rulePackage, impact.facts(),
                        total < 0 ? "?" : total);
            }
        }, impact::leftOut);
        progress.update(impact.facts() + impact.leftOutCount(), total);
        return impact.impact(rulePackage, activeVersion);
    }
}
