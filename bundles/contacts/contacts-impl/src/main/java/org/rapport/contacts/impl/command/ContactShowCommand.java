package org.rapport.contacts.impl.command;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.contacts.api.AccountService;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactFacts;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.DuplicateCandidate;
import org.rapport.contacts.api.DuplicateFinder;
import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.InteractionService;
import org.rapport.contacts.api.shell.ContactIdCompleter;

/** {@code contacts:show <id>}: a contact's details, their latest interactions and their likely duplicates. */
@Service
@Command(scope = "contacts", name = "show", description = "Shows a contact: details, latest interactions, likely duplicates")
public class ContactShowCommand implements Action {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    @Argument(index = 0, name = "id", description = "Contact id", required = true)
    @Completion(ContactIdCompleter.class)
    long id;

    @Reference
    ContactService contacts;

    @Reference
    InteractionService interactions;

    @Reference
    DuplicateFinder duplicates;

    @Reference
    AccountService accounts;

    /** What other bundles know of the contact, such as its segments. */
    @Reference(optional = true)
    List<ContactFacts> facts;

    @Override
    public Object execute() {
        Contact c = contacts.find(id).orElseThrow(() -> new IllegalArgumentException("there is no contact " + id));
        line("Contact", c.id() + " " + c.displayName());
        line("Email", c.email());
        line("Phone", c.phone());
        line("Language", c.language());
        line("Prefers", c.preferredChannel() == null ? null : c.preferredChannel().label());
        line("Tags", c.tags().isEmpty() ? null : String.join(", ", c.tags()));
        line("Address", c.address().isEmpty() ? null : c.address().oneLine());
        line("Owner", c.owner());
        if (c.accountId() != null) {
            line("Account", c.accountId() + accounts.find(c.accountId()).map(a -> " " + a.name()).orElse(""));
        }
        c.properties().forEach((name, value) -> line(name, String.valueOf(value)));
        if (facts != null) {
            facts.forEach(f -> f.facts(id).forEach(ContactShowCommand::line));
        }
        line("Created", TIME.format(c.createdAt()));
        line("Changed", TIME.format(c.updatedAt()));
        long count = interactions.count(id, Set.of());
        line("Interactions", Long.toString(count));
        for (Interaction i : interactions.timeline(id, Set.of(), 0, 5)) {
            System.out.println("  " + TIME.format(i.occurredAt()) + "  " + i.channel().label() + " "
                    + i.direction().name().toLowerCase() + " " + i.type() + (i.summary() == null ? "" : ": " + i.summary()));
        }
        List<DuplicateCandidate> likely = duplicates.duplicatesOf(id);
        for (DuplicateCandidate d : likely) {
            System.out.println("Likely the same as " + d.second().id() + " " + d.second().displayName() + " <"
                    + d.second().email() + "> (" + d.score() + ": " + String.join(", ", d.reasons()) + ")");
        }
        return null;
    }

    static void line(String label, String value) {
        if (value != null) {
            System.out.printf("%-13s %s%n", label + ":", value);
        }
    }
}
