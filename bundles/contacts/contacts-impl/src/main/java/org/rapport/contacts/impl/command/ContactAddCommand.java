package org.rapport.contacts.impl.command;

import java.util.LinkedHashSet;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.event.EventAdmin;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.shell.AccountIdCompleter;
import org.rapport.contacts.api.shell.InteractionChannelCompleter;
import org.rapport.contacts.impl.ContactAudit;
import org.rapport.rest.security.ShellUser;
import org.rapport.contacts.api.NewContact;
import org.rapport.rest.shell.UserNameCompleter;

/** {@code contacts:add --email ada@example.com --first Ada --last Lovelace} */
@Service
@Command(scope = "contacts", name = "add", description = "Adds a contact and prints its id")
public class ContactAddCommand implements Action {

    @Option(name = "--email", aliases = "-e", description = "Email address (unique)", required = true)
    String email;

    @Option(name = "--first", aliases = "-f", description = "First name")
    String first;

    @Option(name = "--last", aliases = "-l", description = "Last name")
    String last;

    @Option(name = "--phone", description = "Phone number")
    String phone;

    @Option(name = "--language", description = "Language tag, such as en or pt-BR")
    String language;

    @Option(name = "--channel", description = "Preferred channel: email, phone, in-person, social, web, chat, mail")
    @Completion(InteractionChannelCompleter.class)
    String channel;

    @Option(name = "--tag", description = "A tag, such as vip", multiValued = true)
    List<String> tags;

    @Option(name = "--owner", description = "The user responsible for the contact")
    @Completion(UserNameCompleter.class)
    String owner;

    @Option(name = "--account", description = "The id of the account the contact belongs to")
    @Completion(AccountIdCompleter.class)
    Long account;

    @Option(name = "--time-zone", description = "Where they live: an IANA time zone such as Europe/Paris")
    String timeZone;

    @Option(name = "--set", description = "An address part or custom property: street=..., locality=..., region=..., "
            + "postalCode=..., country=DE, birthDate=1990-04-23", multiValued = true)
    List<String> values;

    @Reference
    ContactService contacts;

    @Reference(optional = true)
    EventAdmin events;

    @Override
    public Object execute() {
        NewContact details = new NewContact(email, first, last, phone, language, channel,
                tags == null ? null : new LinkedHashSet<>(tags), null, owner, account, null, timeZone);
        Contact contact = contacts.create(values == null ? details : ContactFields.set(details, values));
        ContactAudit.changed(events, ShellUser.name(), "contact.create", null, contact);
        System.out.println("Contact " + contact.id() + " added: " + contact.displayName() + " <" + contact.email() + ">");
        return null;
    }
}
