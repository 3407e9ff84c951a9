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
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.communication.api.Message;
import org.rapport.communication.api.MessageService;
import org.rapport.communication.api.MessageStatus;
import org.rapport.communication.impl.Readers;
import org.rapport.contacts.api.shell.ContactIdCompleter;

/** {@code messages:log [--contact id] [--status s] [--limit n]}: the message log, newest first. */
@Service
@Command(scope = "messages", name = "log", description = "Shows messages to customers, newest first, with their outcome")
public class LogCommand implements Action {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    @Option(name = "--contact", description = "Only the messages to this contact")
    @Completion(ContactIdCompleter.class)
    Long contactId;

    @Option(name = "--status", description = "Only messages in this state: queued, retrying, sent, failed, blocked, bounced")
    @Completion(value = StringsCompleter.class, values = {"queued", "retrying", "sent", "failed", "blocked", "bounced"})
    String status;

    @Option(name = "--limit", description = "How many to show (at most 500)")
    int limit = 20;

    @Reference
    MessageService messages;

    @Override
    public Object execute() {
        MessageStatus state = status == null ? null : MessageStatus.valueOf(status.toUpperCase(Locale.ROOT));
        ShellTable table = new ShellTable();
        table.column("Id").alignRight();
        table.column("Created");
        table.column("Contact").alignRight();
        table.column("Channel");
        table.column("Template");
        table.column("Status");
        table.column("Attempts").alignRight();
        table.column("Outcome");
        for (Message m : messages.log(contactId, state, Readers.shell(), 0, limit)) {
            String outcome = m.status() == MessageStatus.SENT ? "sent " + TIME.format(m.sentAt())
                    : m.lastError() == null ? "" : m.lastError();
            if (m.status() == MessageStatus.RETRYING) {
                outcome = "next " + TIME.format(m.nextAttemptAt()) + ": " + outcome;
            }
            table.addRow().addContent(m.id(), TIME.format(m.createdAt()), m.contactId(), m.channel(),
                    m.template() + " (" + m.language() + ")", m.status().name().toLowerCase(Locale.ROOT), m.attempts(),
                    outcome);
        }
        table.print(System.out);
        return null;
    }
}
