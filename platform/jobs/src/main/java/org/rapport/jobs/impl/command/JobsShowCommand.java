package org.rapport.jobs.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.jobs.Job;
import org.rapport.jobs.JobRunner;

/** {@code jobs:show ID}: one job's progress, where it goes on from, and why it failed. */
@Service
@Command(scope = "jobs", name = "show", description = "Shows one job: its state, progress, node, cursor and error")
public class JobsShowCommand implements Action {

    @Argument(index = 0, name = "id", required = true, description = "The job's id")
    @Completion(JobIdCompleter.class)
    long id;

    @Reference
    JobRunner runner;

    @Override
    public Object execute() {
        Job job = JobLines.visible(runner, id);
        System.out.println(JobLines.line(job));
        System.out.println("  finished: " + (job.finishedAt() == null ? "-" : job.finishedAt()) + ", goes on after: "
                + (job.cursor() == null ? "-" : job.cursor()));
        return null;
    }
}
