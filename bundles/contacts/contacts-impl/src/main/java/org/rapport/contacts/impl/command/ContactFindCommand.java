package org.rapport.contacts.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;

/** {@code contacts:find <text>...}: contacts matching every word, by name, email, phone or tag:x. */
@Service
@Command(scope = "contacts", name = "find",
        description = "Finds contacts by name, email, phone or tag (tag:vip); every word must match")
public class ContactFindCommand implements Action {

    @Argument(index = 0, name = "text", description = "Words to search for", required = true, multiValued = true)
    List<String> words;

    @Option(name = "--offset", description = "Matches to skip")
    int offset = 0;

    @Option(name = "--limit", description = "Matches to show (at most 1000)")
    int limit = 50;

    @Reference
    ContactService contacts;

    @Override
    public Object execute() {
        String query = String.join(" ", words);
        ShellTable table = new ShellTable();
        table.column("Id").alignRight();
        table.column("Name");
        table.column("Email");
        table.column("Phone");
        table.column("Tags");
        for (Contact c : contacts.search(query, offset, limit)) {
            table.addRow().addContent(c.id(), c.displayName(), c.email(), c.phone() == null ? "" : c.phone(),
                    String.join(", ", c.tags()));
        }
        table.print(System.out);
        System.out.println(contacts.countMatches(query) + " match(es)");
        return null;
    }
}
