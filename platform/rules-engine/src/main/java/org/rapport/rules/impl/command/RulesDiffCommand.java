package org.rapport.rules.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.rules.api.RulesEngine;
import org.rapport.rules.api.shell.RulePackageCompleter;
import org.rapport.rules.api.shell.RuleReleaseCompleter;

/** {@code rules:diff <package> <from> <to>}: what changed between two releases, line by line. */
@Service
@Command(scope = "rules", name = "diff", description = "Shows the lines that differ between two releases of a rule package")
public class RulesDiffCommand implements Action {

    @Argument(index = 0, name = "package", description = "Rule package", required = true)
    @Completion(RulePackageCompleter.class)
    String rulePackage;

    @Argument(index = 1, name = "from", description = "Older release", required = true)
    @Completion(RuleReleaseCompleter.class)
    long from;

    @Argument(index = 2, name = "to", description = "Newer release", required = true)
    @Completion(RuleReleaseCompleter.class)
    long to;

    @Reference
    RulesEngine engine;

    @Override
    public Object execute() {
        List<String> diff = engine.diff(rulePackage, from, to);
        if (diff.isEmpty()) {
            System.out.println("v" + from + " and v" + to + " of '" + rulePackage + "' hold the same files.");
        }
        diff.forEach(System.out::println);
        return null;
    }
}
