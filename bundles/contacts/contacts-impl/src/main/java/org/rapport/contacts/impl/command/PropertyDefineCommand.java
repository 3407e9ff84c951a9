package org.rapport.contacts.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.apache.karaf.shell.api.action.Completion;
import org.osgi.service.event.EventAdmin;
import org.rapport.contacts.api.ContactProperties;
import org.rapport.contacts.api.PropertyDefinition;
import org.rapport.contacts.api.PropertyType;
import org.rapport.contacts.impl.ContactAudit;
import org.rapport.rest.security.ShellUser;

/** {@code contacts:define-property --label "Date of birth" birthDate date}; again to change label or choices. */
@Service
@Command(scope = "contacts", name = "define-property", description = "Defines a custom contact property, or changes "
        + "the label and choices of one")
public class PropertyDefineCommand implements Action {

    @Option(name = "--label", description = "What people read, such as \"Date of birth\"")
    String label;

    @Option(name = "--choice", description = "An allowed value of a choice property", multiValued = true)
    List<String> choices;

    @Argument(index = 0, name = "name", description = "Letters and digits, starting lower-case: birthDate", required = true)
    String name;

    @Argument(index = 1, name = "type", description = "text, number, date, boolean or choice", required = true)
    @Completion(value = StringsCompleter.class, values = {"text", "number", "date", "boolean", "choice"})
    String type;

    @Reference
    ContactProperties properties;

    @Reference(optional = true)
    EventAdmin events;

    @Override
    public Object execute() {
        PropertyDefinition defined = properties.define(new PropertyDefinition(name, label, PropertyType.parse(type), choices));
        ContactAudit.other(events, ShellUser.name(), "contact.property.define", "property " + defined.name(),
                defined.type().label() + (defined.choices().isEmpty() ? "" : " " + defined.choices()));
        System.out.println("Property " + defined.name() + " (" + defined.type().label() + ") defined");
        return null;
    }
}
