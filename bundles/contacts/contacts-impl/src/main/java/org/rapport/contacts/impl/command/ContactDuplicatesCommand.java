package org.rapport.contacts.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.DuplicateCandidate;
import org.rapport.contacts.api.DuplicateFinder;
import org.rapport.contacts.api.shell.ContactIdCompleter;

/** {@code contacts:duplicates [--min-score n] [--limit n] [contactId]}: likely duplicates, most likely first. */
@Service
@Command(scope = "contacts", name = "duplicates", description = "Lists contacts that are likely the same person "
        + "(same mailbox, same phone, same name), of one contact or of all")
public class ContactDuplicatesCommand implements Action {

    @Argument(index = 0, name = "contactId", description = "Only the duplicates of this contact")
    @Completion(ContactIdCompleter.class)
    Long contactId;

    @Option(name = "--min-score", description = "Only pairs scoring at least this (0 to 100; default 50)")
    int minScore = 50;

    @Option(name = "--limit", description = "Pairs to show (at most 500)")
    int limit = 50;

    @Reference
    DuplicateFinder duplicates;

    @Override
    public Object execute() {
        List<DuplicateCandidate> found = contactId == null ? duplicates.duplicates(minScore, limit)
                : duplicates.duplicatesOf(contactId);
        ShellTable table = new ShellTable();
        table.column("Score").alignRight();
        table.column("Contact");
        table.column("Likely the same as");
        table.column("Because");
        for (DuplicateCandidate d : found) {
            table.addRow().addContent(d.score(), describe(d.first()), describe(d.second()), String.join(", ", d.reasons()));
        }
        table.print(System.out);
        System.out.println(found.size() + " likely duplicate(s)");
        return null;
    }

    private static String describe(Contact c) {
        return c.id() + " " + c.displayName() + " <" + c.email() + ">";
    }
}
