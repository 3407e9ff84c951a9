package org.rapport.privacy.impl.command;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.shell.ContactIdCompleter;
import org.rapport.privacy.api.Consent;
import org.rapport.privacy.api.ConsentBlock;
import org.rapport.privacy.api.ConsentService;

/** {@code privacy:consents [--history] <contactId>}: a contact's consent now (or every record), and blocked actions. */
@Service
@Command(scope = "privacy", name = "consents", description = "Shows a contact's consent per purpose and channel, "
        + "and the actions the consent gate blocked")
public class ConsentsCommand implements Action {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    @Argument(index = 0, name = "contactId", description = "The contact", required = true)
    @Completion(ContactIdCompleter.class)
    long contactId;

    @Option(name = "--history", description = "Every record, newest first, instead of the current state")
    boolean history;

    @Reference
    ConsentService consents;

    @Override
    public Object execute() {
        List<Consent> records = history ? consents.history(contactId) : consents.current(contactId);
        ShellTable table = new ShellTable();
        table.column("Purpose");
        table.column("Channel");
        table.column("State");
        table.column("Basis");
        table.column("Since");
        table.column("Expires");
        table.column("Source");
        table.column("By");
        for (Consent c : records) {
            table.addRow().addContent(c.purpose(), channel(c.channel()), c.state().name().toLowerCase(),
                    c.basis().label(), TIME.format(c.recordedAt()), c.expiresAt() == null ? "" : TIME.format(c.expiresAt()),
                    c.source(), c.actor());
        }
        table.print(System.out);
        System.out.println("Purposes: " + String.join(", ", consents.purposes()));
        List<ConsentBlock> blocks = consents.blocks(contactId, 10);
        if (!blocks.isEmpty()) {
            System.out.println("Blocked:");
            blocks.forEach(b -> System.out.println("  " + TIME.format(b.at()) + "  " + b.action() + " (" + b.purpose()
                    + " by " + channel(b.channel()) + "), asked by " + b.requester() + ": " + b.reason()));
        }
        return null;
    }

    static String channel(Channel channel) {
        return channel == null ? "every channel" : channel.label();
    }
}
