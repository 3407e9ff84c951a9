package org.rapport.service.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.rapport.rest.Roles;
import org.rapport.rest.shell.BoundedCompleter;
import org.rapport.service.impl.QueueGuard;
import org.rapport.service.impl.Viewer;

/** Completes a queue's name, from the configured queues. */
@Service
public class QueueCompleter extends BoundedCompleter {

    @Reference
    QueueGuard guard;

    public QueueCompleter() {
        super(Roles.AGENT, Roles.ANALYST);
    }

    @Override
    protected List<Candidate> candidates(String typed, CommandLine line) {
        return startingWith(typed, guard.queues(Viewer.shell()).stream());
    }
}
