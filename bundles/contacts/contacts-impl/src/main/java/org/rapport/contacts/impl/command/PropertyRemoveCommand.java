package org.rapport.contacts.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.event.EventAdmin;
import org.rapport.contacts.api.ContactProperties;
import org.rapport.contacts.impl.ContactAudit;
import org.rapport.rest.security.ShellUser;

/** {@code contacts:remove-property --confirm birthDate}: removes a property and every contact's value of it. */
@Service
@Command(scope = "contacts", name = "remove-property", description = "Removes a custom contact property with every "
        + "contact's value of it")
public class PropertyRemoveCommand implements Action {

    @Option(name = "--confirm", description = "Remove it: the values are lost")
    boolean confirm;

    @Argument(index = 0, name = "name", required = true)
    String name;

    @Reference
    ContactProperties properties;

    @Reference(optional = true)
    EventAdmin events;

    @Override
    public Object execute() {
        properties.definition(name).orElseThrow(() -> new IllegalArgumentException("there is no property '" + name + "'"));
        if (!confirm) {
            System.out.println("Removing " + name + " drops every contact's value of it; run again with --confirm");
            return null;
        }
        long held = properties.remove(name);
        ContactAudit.other(events, ShellUser.name(), "contact.property.remove", "property " + name, held + " values removed");
        System.out.println("Property " + name + " removed with " + held + " values");
        return null;
    }
}
