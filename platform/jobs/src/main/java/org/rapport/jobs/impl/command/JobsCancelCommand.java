package org.rapport.jobs.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.jobs.Job;
import org.rapport.jobs.JobRunner;
import org.rapport.rest.security.ShellUser;

/** {@code jobs:cancel ID}: stops a running or interrupted job after the page it is on. */
@Service
@Command(scope = "jobs", name = "cancel", description = "Cancels a running or interrupted job: the page running now "
        + "ends, no other starts, and the job cannot be resumed")
public class JobsCancelCommand implements Action {

    @Argument(index = 0, name = "id", required = true, description = "The job's id")
    @Completion(JobIdCompleter.class)
    long id;

    @Reference
    JobRunner runner;

    @Override
    public Object execute() {
        Job job = JobLines.ours(runner, id, "cancel");
        System.out.println(JobLines.line(runner.cancel(job.id(), ShellUser.name())));
        return null;
    }
}
