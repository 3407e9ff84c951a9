package org.rapport.communication.impl.command;

import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.rapport.communication.api.InboundMessage;
import org.rapport.communication.api.InboundReader;
import org.rapport.communication.api.InboundService;
import org.rapport.communication.impl.Readers;
import org.rapport.rest.Roles;
import org.rapport.rest.shell.BoundedCompleter;

/**
 * Completes the id of an inbound message (the one a reply answers): with nothing typed, the
 * newest; with digits, that message. Each candidate shows the sender and the subject or kind.
 * Agents and analysts read inbound messages; other roles are offered none, and nobody a message
 * whose keeper keeps it from them.
 */
@Service
public class InboundIdCompleter extends BoundedCompleter {

    @Reference
    InboundService inbound;

    public InboundIdCompleter() {
        super(Roles.AGENT, Roles.ANALYST);
    }

    /** A completer on this service, outside the shell (tests). */
    public InboundIdCompleter(InboundService inbound) {
        this();
        this.inbound = inbound;
    }

    @Override
    protected List<Candidate> candidates(String typed, CommandLine line) {
        List<InboundMessage> found;
        OptionalLong id = id(typed);
        InboundReader reader = Readers.shell();
        if (typed.isEmpty()) {
            found = inbound.inbound(null, reader, 0, LIMIT);
        } else {
            found = id.isPresent() ? inbound.findInbound(id.getAsLong(), reader).map(List::of).orElse(List.of()) : List.of();
        }
        return found.stream().map(m -> candidate(Long.toString(m.id()), m.id() + "  " + m.from(),
                m.subject() != null ? m.subject() : m.kind().name().toLowerCase(Locale.ROOT))).toList();
    }
}
