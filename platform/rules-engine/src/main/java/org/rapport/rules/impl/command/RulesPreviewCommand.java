package org.rapport.rules.impl.command;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.rules.api.Impact;
import org.rapport.rules.api.RulesEngine;
import org.rapport.rules.api.shell.RulePackageCompleter;

/** {@code rules:preview <package> <file-or-folder>}: what the files would change, applying nothing. */
@Service
@Command(scope = "rules", name = "preview",
        description = "Shows what candidate rules would change for every stored customer, without applying anything")
public class RulesPreviewCommand implements Action {

    @Argument(index = 0, name = "package", description = "Rule package", required = true)
    @Completion(RulePackageCompleter.class)
    String rulePackage;

    @Argument(index = 1, name = "path", description = "A rule file, or a folder of .drl rules, .csv/.xls/.xlsx decision tables and .yaml scenarios",
            required = true)
    String path;

    @Reference
    RulesEngine engine;

    @Override
    public Object execute() throws IOException {
        Path source = RulesDeployCommand.candidate(path);
        long[] shown = {-1};
        Impact impact = engine.preview(rulePackage, RulesDeployCommand.read(source), (done, total) -> {
            // A line that rewrites itself: at most a hundred updates, whatever the size.
            long step = total > 0 ? Math.max(1, total / 100) : 10_000;
            if (done == total || done / step != shown[0] / step) {
                shown[0] = done;
                System.out.printf("\rPreviewing: %,d%s stored facts evaluated", done,
                        total < 0 ? "" : String.format(" of %,d (%d%%)", total, total == 0 ? 100 : done * 100 / total));
                System.out.flush();
            }
        });
        System.out.println();
        System.out.printf("Candidate for '%s' against %s, over %,d stored facts: %,d change(s)%n", rulePackage,
                impact.activeRelease() == 0 ? "no active release" : "v" + impact.activeRelease(), impact.facts(),
                impact.changed());
        impact.leftOut().forEach((reason, subjects) -> System.out.printf("  %,8d  left out, not evaluated: %s%n",
                subjects, reason));
        for (Map.Entry<String, Long> change : impact.changes().entrySet()) {
            List<String> sample = impact.samples().get(change.getKey());
            System.out.printf("  %,8d  %s   e.g. %s%n", change.getValue(), change.getKey(), String.join(", ", sample));
        }
        return null;
    }
}
