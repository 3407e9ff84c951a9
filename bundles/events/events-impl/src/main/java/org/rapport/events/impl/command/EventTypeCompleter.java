package org.rapport.events.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.rapport.events.impl.EventTypes;
import org.rapport.rest.shell.BoundedCompleter;

/** Completes an event type, with what it announces beside it; for administrators only. */
@Service
public class EventTypeCompleter extends BoundedCompleter {

    @Override
    protected List<Candidate> candidates(String typed, CommandLine line) {
        return EventTypes.ALL.entrySet().stream().filter(e -> e.getKey().startsWith(typed)).limit(LIMIT)
                .map(e -> candidate(e.getKey(), e.getKey(), e.getValue())).toList();
    }
}
