package org.rapport.jobs.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.rapport.jobs.JobRunner;
import org.rapport.rest.Roles;
import org.rapport.rest.shell.BoundedCompleter;

/**
 * Completes the id of one of the latest jobs of the kinds the user may see (as {@code jobs:list}
 * shows them), with its kind and state beside it.
 */
@Service
public class JobIdCompleter extends BoundedCompleter {

    @Reference
    JobRunner runner;

    public JobIdCompleter() {
        super(Roles.AGENT, Roles.ANALYST);
    }

    @Override
    protected List<Candidate> candidates(String typed, CommandLine line) {
        return runner.jobs(null, 200).stream().filter(j -> JobLines.maySee(runner, j.kind()))
                .filter(j -> Long.toString(j.id()).startsWith(typed)).limit(LIMIT)
                .map(j -> candidate(Long.toString(j.id()), Long.toString(j.id()), j.kind() + ", " + j.state())).toList();
    }
}
