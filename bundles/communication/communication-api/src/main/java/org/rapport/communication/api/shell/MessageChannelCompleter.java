package org.rapport.communication.api.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.rapport.communication.api.ChannelInfo;
import org.rapport.communication.api.MessageService;
import org.rapport.rest.Roles;
import org.rapport.rest.shell.BoundedCompleter;

/**
 * Completes the name of a message channel (the plugins that deliver messages: {@code email}, a
 * partner's SMS gateway), marking a suspended one. Agents and analysts see the channels.
 */
@Service
public class MessageChannelCompleter extends BoundedCompleter {

    @Reference
    MessageService messages;

    public MessageChannelCompleter() {
        super(Roles.AGENT, Roles.ANALYST);
    }

    @Override
    protected List<Candidate> candidates(String typed, CommandLine line) {
        return messages.channels().stream().filter(c -> c.name().startsWith(typed)).limit(LIMIT)
                .map(c -> candidate(c.name(), c.name(), state(c))).toList();
    }

    private static String state(ChannelInfo channel) {
        return channel.suspended() ? "suspended after " + channel.faults() + " faults"
                : channel.registered() ? "delivering" : "not installed";
    }
}
