package org.rapport.contacts.impl.command;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;

/** {@code contacts:list [--offset N] [--limit N]} */
@Service
@Command(scope = "contacts", name = "list", description = "Lists contacts by id")
public class ContactListCommand implements Action {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    @Option(name = "--offset", description = "Contacts to skip")
    int offset = 0;

    @Option(name = "--limit", description = "Contacts to show (at most 1000)")
    int limit = 50;

    @Reference
    ContactService contacts;

    @Override
    public Object execute() {
        print(contacts.list(offset, limit));
        System.out.println(contacts.count() + " contact(s) in all");
        return null;
    }

    /** Contacts as a table: id, email, names, when created. */
    static void print(List<Contact> page) {
        ShellTable table = new ShellTable();
        table.column("Id").alignRight();
        table.column("Email");
        table.column("First");
        table.column("Last");
        table.column("Created");
        for (Contact c : page) {
            table.addRow().addContent(c.id(), c.email(), c.firstName() == null ? "" : c.firstName(),
                    c.lastName() == null ? "" : c.lastName(), TIME.format(c.createdAt()));
        }
        table.print(System.out);
    }
}
