package org.rapport.jobs.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.rapport.jobs.JobRunner;

/** Completes the id of one of the latest jobs. */
@Service
public class JobIdCompleter implements Completer {

    @Reference
    JobRunner runner;

    @Override
    public int complete(Session session, CommandLine line, List<String> candidates) {
        return new StringsCompleter(runner.jobs(null, 50).stream().map(j -> Long.toString(j.id())).toList())
                .complete(session, line, candidates);
    }
}
