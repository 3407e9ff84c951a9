package org.rapport.contacts.impl;

import java.nio.file.Path;
import java.nio.file.Paths;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The import inbox ({@code etc/org.rapport.contacts.imports.cfg}): the one folder whose files
 * {@code contacts:import} takes by name, set by an administrator. What an import reads is stored
 * in the database as it is handed in ({@link ContactImports}), never kept in a server folder.
 */
@Component(service = ImportInbox.class, configurationPid = ImportInbox.PID)
@Designate(ocd = ImportInbox.Config.class)
public class ImportInbox {

    static final String PID = "org.rapport.contacts.imports";

    /** The import inbox's settings. */
    @ObjectClassDefinition(name = "Rapport contact imports", description = "Where contacts:import finds files by name")
    public @interface Config {
        @AttributeDefinition(description = "The folder contacts:import takes files from by name (relative to it); "
                + "empty for the imports folder of the Karaf home. Only an administrator, who edits this file, "
                + "decides what is in it")
        String inbox() default "";
    }

    private volatile Path inbox;

    @Activate
    public ImportInbox(Config config) {
        this(folder(config));
    }

    /** A new folder while running; the command, which holds this component, stays. */
    @Modified
    void modified(Config config) {
        inbox = folder(config);
    }

    private static Path folder(Config config) {
        return config.inbox().isBlank() ? Paths.get(System.getProperty("karaf.home", "."), "imports")
                : Paths.get(config.inbox());
    }

    /** Outside a container: files named from {@code inbox}. */
    public ImportInbox(Path inbox) {
        this.inbox = inbox;
    }

    /** The folder {@code contacts:import} takes files from by name. */
    public Path inbox() {
        return inbox;
    }
}
