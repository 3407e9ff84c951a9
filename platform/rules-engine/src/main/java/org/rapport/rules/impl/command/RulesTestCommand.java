package org.rapport.rules.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.rules.api.ScenarioResult;
import org.rapport.rules.api.RulesEngine;
import org.rapport.rules.api.shell.RulePackageCompleter;

/** {@code rules:test <package>}: runs the scenarios of the active release. */
@Service
@Command(scope = "rules", name = "test", description = "Runs the scenarios of a rule package's active release")
public class RulesTestCommand implements Action {

    @Argument(index = 0, name = "package", description = "Rule package", required = true)
    @Completion(RulePackageCompleter.class)
    String rulePackage;

    @Reference
    RulesEngine engine;

    @Override
    public Object execute() {
        List<ScenarioResult> results = engine.test(rulePackage);
        results.forEach(System.out::println);
        long failed = results.stream().filter(r -> !r.passed()).count();
        System.out.println((results.size() - failed) + " passed, " + failed + " failed");
        if (failed > 0) {
            throw new IllegalStateException(failed + " scenario(s) of '" + rulePackage + "' failed");
        }
        return null;
    }
}
