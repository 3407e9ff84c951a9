package org.rapport.events.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.rapport.events.impl.EventsService;
import org.rapport.rest.shell.BoundedCompleter;

/** Completes a subscription's id, with its name, state and address beside it; for administrators only. */
@Service
public class SubscriptionIdCompleter extends BoundedCompleter {

    @Reference
    EventsService events;

    @Override
    protected List<Candidate> candidates(String typed, CommandLine line) {
        return events.subscriptions().stream().filter(s -> Long.toString(s.id()).startsWith(typed)).limit(LIMIT)
                .map(s -> candidate(Long.toString(s.id()), Long.toString(s.id()), s.name() + " (" + s.state() + ") "
                        + s.url())).toList();
    }
}
