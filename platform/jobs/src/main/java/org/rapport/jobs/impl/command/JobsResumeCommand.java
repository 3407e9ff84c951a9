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

/** {@code jobs:resume ID}: goes on with a failed or interrupted job from its cursor (a data-retention run, an import...). */
@Service
@Command(scope = "jobs", name = "resume", description = "Goes on with a failed or interrupted job from its cursor, "
        + "the page after the last one it finished")
public class JobsResumeCommand implements Action {

    @Argument(index = 0, name = "id", required = true, description = "The job's id")
    @Completion(JobIdCompleter.class)
    long id;

    @Reference
    JobRunner runner;

    @Override
    public Object execute() {
        Job job = JobLines.ours(runner, id, "resume");
        System.out.println(JobLines.line(runner.resume(job.id(), ShellUser.name())));
        return null;
    }
}
