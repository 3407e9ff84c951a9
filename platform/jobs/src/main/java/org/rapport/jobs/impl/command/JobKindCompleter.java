package org.rapport.jobs.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.rapport.jobs.JobRunner;
import org.rapport.rest.Roles;
import org.rapport.rest.shell.BoundedCompleter;

/** Completes the name of a job kind the user may see, with what its work is beside it. */
@Service
public class JobKindCompleter extends BoundedCompleter {

    @Reference
    JobRunner runner;

    public JobKindCompleter() {
        super(Roles.AGENT, Roles.ANALYST);
    }

    @Override
    protected List<Candidate> candidates(String typed, CommandLine line) {
        return runner.kinds().stream().filter(k -> k.kind().startsWith(typed) && JobLines.maySee(runner, k.kind()))
                .limit(LIMIT).map(k -> candidate(k.kind(), k.kind(), k.title())).toList();
    }
}
