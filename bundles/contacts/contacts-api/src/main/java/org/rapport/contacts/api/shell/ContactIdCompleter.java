package org.rapport.contacts.api.shell;

import java.util.List;
import java.util.OptionalLong;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;
import org.rapport.rest.Roles;
import org.rapport.rest.shell.BoundedCompleter;
import org.rapport.rest.shell.ContactIdCompletion;

/**
 * Completes a contact id (a customer, a loyalty member, a data subject): with nothing typed, the
 * contacts changed last; with digits, that contact; with text, the contacts a search for it finds.
 * Each candidate shows the name and email address beside the id. Agents and analysts read
 * contacts; other roles are offered none. It is the {@link ContactIdCompletion} that platform
 * commands name.
 */
@Service
public class ContactIdCompleter extends BoundedCompleter implements ContactIdCompletion {

    @Reference
    ContactService contacts;

    public ContactIdCompleter() {
        super(Roles.AGENT, Roles.ANALYST);
    }

    @Override
    protected List<Candidate> candidates(String typed, CommandLine line) {
        return matches(typed).stream().map(c -> {
            String id = Long.toString(c.id());
            return candidate(id, id + "  " + c.displayName(), c.email());
        }).toList();
    }

    private List<Contact> matches(String typed) {
        if (typed.isEmpty()) {
            return contacts.list(0, LIMIT, "updatedAt", true);
        }
        OptionalLong id = id(typed);
        if (id.isPresent()) {
            return contacts.find(id.getAsLong()).map(List::of).orElse(List.of());
        }
        return typed.chars().allMatch(Character::isDigit) ? List.of() : contacts.search(typed, 0, LIMIT);
    }
}
