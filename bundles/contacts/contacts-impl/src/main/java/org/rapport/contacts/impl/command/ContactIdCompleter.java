package org.rapport.contacts.impl.command;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;

/**
 * Completes a contact id: with nothing typed, the contacts changed last; with digits, that
 * contact; with text, the contacts a search for it finds. Each candidate shows the name and
 * email address beside the id.
 */
@Service
public class ContactIdCompleter implements Completer {

    static final int MAX = 20;

    @Reference
    ContactService contacts;

    @Override
    public int complete(Session session, CommandLine line, List<String> candidates) {
        List<Candidate> found = new ArrayList<>();
        completeCandidates(session, line, found);
        found.forEach(c -> candidates.add(c.value()));
        return candidates.isEmpty() ? -1 : line.getBufferPosition() - line.getArgumentPosition();
    }

    @Override
    public void completeCandidates(Session session, CommandLine line, List<Candidate> candidates) {
        String argument = line.getCursorArgument() == null ? "" : line.getCursorArgument();
        String typed = argument.substring(0, Math.min(argument.length(), line.getArgumentPosition())).strip();
        for (Contact c : matches(typed)) {
            String id = Long.toString(c.id());
            candidates.add(new Candidate(id, id + "  " + c.displayName(), null, c.email(), null, null, true));
        }
    }

    private List<Contact> matches(String typed) {
        if (typed.isEmpty()) {
            return contacts.list(0, MAX, "updatedAt", true);
        }
        if (typed.chars().allMatch(Character::isDigit)) {
            try {
                return contacts.find(Long.parseLong(typed)).map(List::of).orElse(List.of());
            } catch (NumberFormatException tooLong) {
                return List.of();
            }
        }
        return contacts.search(typed, 0, MAX);
    }
}
