package org.rapport.rules.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RuleCoverage;
import org.rapport.rules.api.RulePackageStatus;
import org.rapport.rules.api.RulesEngine;
import org.rapport.rules.api.ScenarioResult;
import org.rapport.rules.api.shell.RulePackageCompleter;

/**
 * {@code rules:test <package>}: runs the scenarios of the active release; {@code --coverage}
 * adds, rule by rule, the scenarios that fire it or {@code NOT COVERED} with where it is written.
 */
@Service
@Command(scope = "rules", name = "test", description = "Runs the scenarios of a rule package's active release")
public class RulesTestCommand implements Action {

    @Argument(index = 0, name = "package", description = "Rule package", required = true)
    @Completion(RulePackageCompleter.class)
    String rulePackage;

    @Option(name = "--coverage", description = "Also list each rule with the scenarios that fire it")
    boolean coverage;

    @Reference
    RulesEngine engine;

    @Override
    public Object execute() {
        List<ScenarioResult> results = engine.test(rulePackage);
        results.forEach(System.out::println);
        long failed = results.stream().filter(r -> !r.passed()).count();
        System.out.println((results.size() - failed) + " passed, " + failed + " failed");
        if (coverage) {
            printCoverage();
        }
        if (failed > 0) {
            throw new IllegalStateException(failed + " scenario(s) of '" + rulePackage + "' failed");
        }
        return null;
    }

    private void printCoverage() {
        long version = engine.status(rulePackage).flatMap(RulePackageStatus::active).map(Release::version).orElse(0L);
        List<RuleCoverage> rules = engine.coverage(rulePackage, version).orElse(null);
        if (rules == null) {
            System.out.println("Coverage: not recorded for v" + version + " (accepted before coverage was)");
            return;
        }
        System.out.println("Coverage of v" + version + ":");
        for (RuleCoverage rule : rules) {
            if (rule.covered()) {
                System.out.println("  " + rule.rule() + " (" + rule.file() + ":" + rule.line() + ") fired by "
                        + String.join(", ", rule.firedBy()));
            } else {
                System.out.println("  NOT COVERED " + rule.file() + ":" + rule.line() + " " + rule.rule());
            }
        }
        System.out.println(RulesHistoryCommand.coverage(rules) + " rules fired by a scenario");
    }
}
