package org.rapport.contacts.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.contacts.api.ContactProperties;
import org.rapport.contacts.api.PropertyDefinition;

/** {@code contacts:properties}: the custom properties contacts may have. */
@Service
@Command(scope = "contacts", name = "properties", description = "Lists the custom contact properties")
public class PropertyListCommand implements Action {

    @Reference
    ContactProperties properties;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Type");
        table.column("Label");
        table.column("Choices");
        for (PropertyDefinition p : properties.definitions()) {
            table.addRow().addContent(p.name(), p.type().label(), p.label(), String.join(", ", p.choices()));
        }
        table.print(System.out);
        return null;
    }
}
