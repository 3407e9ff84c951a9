package org.rapport.contacts.impl.command;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.InteractionService;
import org.rapport.contacts.api.shell.ContactIdCompleter;
import org.rapport.contacts.api.shell.InteractionChannelCompleter;

/** {@code contacts:timeline <id> [--channel C]... [--offset N] [--limit N]}: a contact's interactions, newest first. */
@Service
@Command(scope = "contacts", name = "timeline", description = "Shows a contact's interactions on every channel, newest first")
public class ContactTimelineCommand implements Action {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    @Argument(index = 0, name = "id", description = "Contact id", required = true)
    @Completion(ContactIdCompleter.class)
    long id;

    @Option(name = "--channel", description = "Only these channels (email, phone, in-person, social, web, chat, mail, other)",
            multiValued = true)
    @Completion(InteractionChannelCompleter.class)
    List<String> channels;

    @Option(name = "--offset", description = "Interactions to skip")
    int offset = 0;

    @Option(name = "--limit", description = "Interactions to show (at most 500)")
    int limit = 50;

    @Reference
    ContactService contacts;

    @Reference
    InteractionService interactions;

    @Override
    public Object execute() {
        Contact contact = contacts.find(id).orElseThrow(() -> new IllegalArgumentException("there is no contact " + id));
        Set<Channel> only = EnumSet.noneOf(Channel.class);
        if (channels != null) {
            channels.forEach(c -> only.add(Channel.parse(c)));
        }
        ShellTable table = new ShellTable();
        table.column("When");
        table.column("Channel");
        table.column("Dir");
        table.column("Type");
        table.column("Summary");
        table.column("Details");
        table.column("By");
        for (Interaction i : interactions.timeline(id, only, offset, limit)) {
            table.addRow().addContent(TIME.format(i.occurredAt()), i.channel().label(),
                    i.direction().name().substring(0, 3).toLowerCase(), i.type(), i.summary() == null ? "" : i.summary(),
                    i.payload().isEmpty() ? "" : i.payload().toString(), i.source());
        }
        System.out.println(contact.displayName() + " <" + contact.email() + ">");
        table.print(System.out);
        System.out.println(interactions.count(id, only) + " interaction(s) in all");
        return null;
    }
}
