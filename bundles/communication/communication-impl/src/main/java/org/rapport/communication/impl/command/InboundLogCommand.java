package org.rapport.communication.impl.command;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.communication.api.InboundMessage;
import org.rapport.communication.api.InboundService;
import org.rapport.communication.impl.Readers;
import org.rapport.contacts.api.shell.ContactIdCompleter;

/** {@code inbound:log [--contact id] [--limit n]}: the messages that came in, newest first. */
@Service
@Command(scope = "inbound", name = "log", description = "Shows the messages that came in (mailbox, inbound webhooks), "
        + "newest first: sender, contact matched, kind and subject or text")
public class InboundLogCommand implements Action {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    @Option(name = "--contact", description = "Only the messages from this contact")
    @Completion(ContactIdCompleter.class)
    Long contactId;

    @Option(name = "--limit", description = "How many to show (at most 500)")
    int limit = 20;

    @Reference
    InboundService inbound;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Id").alignRight();
        table.column("Received");
        table.column("Channel");
        table.column("From");
        table.column("Contact").alignRight();
        table.column("Kind");
        table.column("Answers").alignRight();
        table.column("Subject or text").maxSize(60);
        for (InboundMessage m : inbound.inbound(contactId, Readers.shell(), 0, limit)) {
            String what = m.subject() != null ? m.subject() : m.text().replaceAll("\\s+", " ");
            table.addRow().addContent(m.id(), TIME.format(m.receivedAt()), m.channel(), m.from(),
                    m.unauthenticated() != null ? "not authenticated: " + m.unauthenticated()
                    : m.contactId() == null ? "" : m.contactId(), m.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    m.answers() == null ? "" : m.answers(), what);
        }
        table.print(System.out);
        return null;
    }
}
