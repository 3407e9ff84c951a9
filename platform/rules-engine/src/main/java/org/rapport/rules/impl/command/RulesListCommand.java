package org.rapport.rules.impl.command;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RulePackageStatus;
import org.rapport.rules.api.RulesEngine;

/** {@code rules:list}: every rule package with its active release and its last refused change. */
@Service
@Command(scope = "rules", name = "list", description = "Lists rule packages, their active release and refused changes")
public class RulesListCommand implements Action {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Reference
    RulesEngine engine;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Package");
        table.column("State");
        table.column("Version");
        table.column("Hash");
        table.column("Rules");
        table.column("Runs");
        table.column("Loaded");
        table.column("Files");
        table.column("Origin");
        for (RulePackageStatus status : engine.packages()) {
            Release r = status.active().orElse(null);
            table.addRow().addContent(status.name(), status.state(),
                    r == null ? "-" : r.version(),
                    r == null ? "-" : r.hash().substring(0, 12),
                    r == null ? "-" : r.ruleCount(),
                    r == null ? "-" : status.compiled() ? "compiled" : "model",
                    r == null ? "-" : TIME.format(r.activatedAt()),
                    r == null ? "-" : String.join(", ", r.files()),
                    r == null ? "-" : r.origin());
        }
        table.print(System.out);
        for (RulePackageStatus status : engine.packages()) {
            status.lastRejection().ifPresent(rejection -> {
                System.out.println();
                System.out.println("Refused change to '" + status.name() + "' at " + TIME.format(rejection.rejectedAt())
                        + " from " + rejection.origin() + ":");
                rejection.problems().forEach(p -> System.out.println("  " + p));
            });
        }
        return null;
    }
}
