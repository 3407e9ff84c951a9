package org.rapport.rules.impl.command;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RuleFinding;
import org.rapport.rules.api.RuleProblem;
import org.rapport.rules.api.RulesEngine;
import org.rapport.rules.api.RulesUnavailableException;
import org.rapport.rules.api.shell.RulePackageCompleter;

/**
 * {@code rules:check <package> [path...]}: the gate's verdict on candidate files (by default the
 * active release's), every problem and every static check's finding, one line each as
 * {@code file:line: ...}; nothing is deployed.
 */
@Service
@Command(scope = "rules", name = "check", description = "Checks rule files without deploying them: what the gate "
        + "refuses, and the static checks' warnings (conflicting rules, rules that never fire, gaps, table rows)")
public class RulesCheckCommand implements Action {

    @Argument(index = 0, name = "package", description = "Rule package", required = true)
    @Completion(RulePackageCompleter.class)
    String rulePackage;

    @Argument(index = 1, name = "paths", multiValued = true, description = "Rule files or folders in the rules folder "
            + "(relative to it); without any, the files that serve now")
    List<String> paths;

    @Reference
    RulesEngine engine;

    @Override
    public Object execute() throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (paths == null || paths.isEmpty()) {
            Release active = engine.status(rulePackage).flatMap(s -> s.active()).orElseThrow(() ->
                    new RulesUnavailableException("rule package '" + rulePackage + "' has no active release; name the "
                            + "files to check"));
            files.putAll(engine.files(rulePackage, active.version()).orElseThrow());
        } else {
            for (String path : paths) {
                files.putAll(RulesDeployCommand.read(RulesDeployCommand.candidate(path)));
            }
        }
        List<RuleProblem> problems = engine.check(rulePackage, files);
        List<RuleFinding> findings = engine.findings(rulePackage, files);
        // A refusing finding is among the problems too: shown once, as a finding.
        problems.stream().filter(p -> findings.stream().noneMatch(f -> f.refusing() && f.file().equals(p.file())
                && f.line() == p.line() && p.message().equals(f.check().id() + ": " + f.message())))
                .forEach(p -> System.out.println(p.location() + ": error: " + p.message()));
        findings.forEach(System.out::println);
        long warnings = findings.stream().filter(f -> !f.refusing()).count();
        System.out.println(String.join(", ", files.keySet()) + ": " + (problems.isEmpty() ? "accepted" : "refused")
                + ", " + warnings + " warning(s)");
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the gate refuses these files of '" + rulePackage + "' (" + problems.size()
                    + " problem(s))");
        }
        return null;
    }
}
