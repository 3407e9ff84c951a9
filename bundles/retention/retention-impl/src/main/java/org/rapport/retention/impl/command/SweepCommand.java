package org.rapport.retention.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.rest.security.ShellUser;
import org.rapport.retention.api.RetentionSweep;
import org.rapport.retention.api.SweepRun;
import org.rapport.retention.api.shell.SweepRunCompleter;

/**
 * {@code retention:sweep [--resume id] [--list]}: evaluates every customer in the background; the
 * command shows how far it got.
 */
@Service
@Command(scope = "retention", name = "sweep", description = "Evaluates every customer against the retention rules "
        + "in the background, or shows the sweeps")
public class SweepCommand implements Action {

    @Option(name = "--resume", description = "Go on with an interrupted or failed sweep")
    @Completion(SweepRunCompleter.class)
    Long resume;

    @Option(name = "--list", description = "Show the latest sweeps instead of starting one")
    boolean list;

    @Reference
    RetentionSweep sweeps;

    @Override
    public Object execute() {
        if (list) {
            sweeps.runs(10).forEach(r -> System.out.println(describe(r)));
            return null;
        }
        SweepRun run = resume != null ? sweeps.resume(resume, ShellUser.name()) : sweeps.start(ShellUser.name());
        System.out.println("Sweep " + run.id() + " started over " + run.total() + " customer(s); "
                + "retention:sweep --list shows how far it got");
        return null;
    }

    static String describe(SweepRun r) {
        return "Sweep " + r.id() + " " + r.status().name().toLowerCase() + ": " + r.evaluated() + " of " + r.total()
                + " customer(s) evaluated, " + r.opened() + " episode(s) opened, " + r.closed() + " closed (by "
                + r.requester() + ", " + AtRiskCommand.TIME.format(r.startedAt()) + ")"
                + (r.error() == null ? "" : ": " + r.error());
    }
}
