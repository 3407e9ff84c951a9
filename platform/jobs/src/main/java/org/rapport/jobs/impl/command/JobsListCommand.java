package org.rapport.jobs.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.jobs.JobKind;
import org.rapport.jobs.JobRunner;

/** {@code jobs:list [--kind KIND] [--limit N]}: the latest jobs of the runner, the newest first. */
@Service
@Command(scope = "jobs", name = "list", description = "Lists the latest long jobs (tier re-evaluations, retention sweeps"
        + " and the other kinds the runner runs), the newest first, with their progress")
public class JobsListCommand implements Action {

    @Option(name = "--kind", description = "Only jobs of this kind, such as loyalty.reevaluation")
    @Completion(JobKindCompleter.class)
    String kind;

    @Option(name = "--limit", description = "How many jobs (default 20)")
    int limit = 20;

    @Reference
    JobRunner runner;

    @Override
    public Object execute() {
        runner.jobs(kind, Math.max(1, Math.min(limit, 200))).stream().filter(j -> JobLines.maySee(runner, j.kind()))
                .forEach(j -> System.out.println(JobLines.line(j)));
        System.out.println("Kinds: " + String.join(", ", runner.kinds().stream().map(JobKind::kind).toList()));
        return null;
    }
}
