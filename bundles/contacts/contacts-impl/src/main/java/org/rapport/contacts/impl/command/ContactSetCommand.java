package org.rapport.contacts.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.event.EventAdmin;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.api.shell.ContactIdCompleter;
import org.rapport.contacts.impl.ContactAudit;
import org.rapport.rest.security.ShellUser;

/** {@code contacts:set 42 owner=maria locality=Lisbon birthDate=1990-04-23 phone=}: changes some of a contact's fields. */
@Service
@Command(scope = "contacts", name = "set", description = "Changes fields or custom properties of a contact; "
        + "an empty value clears one")
public class ContactSetCommand implements Action {

    @Argument(index = 0, name = "id", description = "Contact id", required = true)
    @Completion(ContactIdCompleter.class)
    long id;

    @Argument(index = 1, name = "field=value", description = "firstName, lastName, email, phone, language, "
            + "preferredChannel, tags (comma-separated), street, locality, region, postalCode, country, owner, accountId, "
            + "timeZone (an IANA time zone such as Europe/Paris), or a custom property", required = true, multiValued = true)
    List<String> values;

    @Reference
    ContactService contacts;

    @Reference(optional = true)
    EventAdmin events;

    @Override
    public Object execute() {
        Contact before = contacts.find(id).orElseThrow(() -> new IllegalArgumentException("there is no contact " + id));
        Contact after = contacts.update(id, ContactFields.set(NewContact.of(before), values));
        ContactAudit.changed(events, ShellUser.name(), "contact.update", before, after);
        System.out.println("Contact " + id + " changed: " + after.displayName() + " <" + after.email() + ">");
        return null;
    }
}
