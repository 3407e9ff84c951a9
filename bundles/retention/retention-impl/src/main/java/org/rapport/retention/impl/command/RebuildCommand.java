package org.rapport.retention.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.shell.ContactIdCompleter;
import org.rapport.retention.api.RetentionService;

/**
 * {@code retention:rebuild [--contact id]}: builds customers' activity again from their whole
 * timelines, for touchpoints recorded before retention was installed. Then {@code retention:sweep}.
 */
@Service
@Command(scope = "retention", name = "rebuild", description = "Builds customers' activity again from their timelines "
        + "(after installing retention on existing data)")
public class RebuildCommand implements Action {

    private static final int PAGE = 500;

    @Option(name = "--contact", description = "Only this contact")
    @Completion(ContactIdCompleter.class)
    Long contactId;

    @Reference
    RetentionService retention;

    @Reference
    ContactService contacts;

    @Override
    public Object execute() {
        if (contactId != null) {
            System.out.println("Contact " + contactId + ": " + retention.rebuild(contactId) + " touchpoint(s) read");
            return null;
        }
        long customers = 0;
        long touchpoints = 0;
        for (int offset = 0;; offset += PAGE) {
            List<Contact> page = contacts.list(offset, PAGE);
            for (Contact c : page) {
                int read = retention.rebuild(c.id());
                touchpoints += read;
                customers += read > 0 ? 1 : 0;
            }
            if (page.size() < PAGE) {
                break;
            }
            System.out.println((offset + PAGE) + " contact(s) read");
        }
        System.out.println("Activity rebuilt for " + customers + " customer(s) from " + touchpoints
                + " touchpoint(s); retention:sweep evaluates them");
        return null;
    }
}
