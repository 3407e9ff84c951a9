package org.rapport.rules.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RuleCoverage;
import org.rapport.rules.api.RulesEngine;
import org.rapport.rules.api.shell.RulePackageCompleter;

/**
 * {@code rules:history <package>}: every accepted release, newest first, with how many of its
 * rules its scenarios fire ({@code -} for a release accepted before coverage was recorded), then
 * the releases' notes (the static checks' warnings).
 */
@Service
@Command(scope = "rules", name = "history", description = "Lists the releases of a rule package, newest first")
public class RulesHistoryCommand implements Action {

    @Argument(index = 0, name = "package", description = "Rule package", required = true)
    @Completion(RulePackageCompleter.class)
    String rulePackage;

    @Reference
    RulesEngine engine;

    @Override
    public Object execute() {
        List<Release> history = engine.history(rulePackage);
        if (history.isEmpty()) {
            throw new IllegalArgumentException("rule package '" + rulePackage + "' has no releases");
        }
        long active = engine.status(rulePackage).flatMap(s -> s.active()).map(Release::version).orElse(-1L);
        ShellTable table = new ShellTable();
        table.column("Version").alignRight();
        table.column("Active");
        table.column("Hash");
        table.column("Rules").alignRight();
        table.column("Accepted");
        table.column("Covered").alignRight();
        table.column("Files");
        table.column("Author");
        table.column("Origin");
        for (Release r : history) {
            table.addRow().addContent(r.version(), r.version() == active ? "*" : "", r.hash().substring(0, 12),
                    r.ruleCount(), RulesListCommand.TIME.format(r.activatedAt()),
                    engine.coverage(rulePackage, r.version()).map(RulesHistoryCommand::coverage).orElse("-"),
                    String.join(", ", r.files()), r.author(), r.origin());
        }
        table.print(System.out);
        // Release notes: the static checks' warnings each release was accepted with.
        for (Release r : history) {
            r.notes().forEach(note -> System.out.println("v" + r.version() + ": " + note));
        }
        return null;
    }

    /** How many of a release's rules its scenarios fire: {@code 9/10}. */
    static String coverage(List<RuleCoverage> rules) {
        return rules.stream().filter(RuleCoverage::covered).count() + "/" + rules.size();
    }
}
