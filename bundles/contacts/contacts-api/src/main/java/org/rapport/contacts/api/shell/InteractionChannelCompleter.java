package org.rapport.contacts.api.shell;

import java.util.List;
import java.util.stream.Stream;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.rapport.contacts.api.Channel;
import org.rapport.rest.Roles;
import org.rapport.rest.shell.BoundedCompleter;

/**
 * Completes the channel of an interaction or a consent, as requests write it ({@code email},
 * {@code in-person}): the fixed list of {@link Channel}, offered to every person's role.
 */
@Service
public class InteractionChannelCompleter extends BoundedCompleter {

    public InteractionChannelCompleter() {
        super(Roles.AGENT, Roles.ANALYST);
    }

    @Override
    protected List<Candidate> candidates(String typed, CommandLine line) {
        return startingWith(typed, Stream.of(Channel.values()).map(Channel::label));
    }
}
