package org.rapport.loyalty.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.loyalty.api.ReevaluationJob;
import org.rapport.loyalty.api.TierReevaluation;
import org.rapport.loyalty.api.shell.ReevaluationJobCompleter;
import org.rapport.rest.security.ShellUser;

/** {@code loyalty:reevaluate [--resume ID] [--no-wait]}: decides every member's tier again, showing progress. */
@Service
@Command(scope = "loyalty", name = "reevaluate", description = "Decides every member's tier again with the active rules, "
        + "applying only the changes; shows progress until done")
public class ReevaluateCommand implements Action {

    @Option(name = "--resume", description = "Continue this interrupted or failed job instead of starting one")
    @Completion(ReevaluationJobCompleter.class)
    Long resume;

    @Option(name = "--no-wait", description = "Start the job and return; follow it with loyalty:reevaluate --status ID")
    boolean noWait;

    @Option(name = "--status", description = "Show this job's progress")
    @Completion(ReevaluationJobCompleter.class)
    Long status;

    @Reference
    TierReevaluation reevaluation;

    @Override
    public Object execute() throws InterruptedException {
        ReevaluationJob job;
        if (status != null) {
            job = reevaluation.job(status).orElseThrow(() -> new IllegalArgumentException("there is no job " + status));
            print(job);
            return null;
        }
        job = resume != null ? reevaluation.resume(resume, ShellUser.name()) : reevaluation.start(ShellUser.name());
        System.out.println("Re-evaluation job " + job.id() + " for " + job.total() + " member(s).");
        long shown = -1;
        while (!noWait && job.state() == ReevaluationJob.State.RUNNING) {
            if (job.evaluated() != shown) {
                System.out.println("  " + job.evaluated() + " of " + job.total() + " evaluated, " + job.changed() + " changed");
                shown = job.evaluated();
            }
            Thread.sleep(500);
            job = reevaluation.job(job.id()).orElseThrow();
        }
        print(job);
        return null;
    }

    private static void print(ReevaluationJob job) {
        System.out.println("Job " + job.id() + ": " + job.state() + ", " + job.evaluated() + " of " + job.total()
                + " evaluated, " + job.changed() + " changed" + (job.error() == null ? "" : " - " + job.error()));
    }
}
