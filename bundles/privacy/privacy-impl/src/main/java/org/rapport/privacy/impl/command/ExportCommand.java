package org.rapport.privacy.impl.command;

import java.io.IOException;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.contacts.api.shell.ContactIdCompleter;
import org.rapport.privacy.api.ContactExport;
import org.rapport.privacy.api.ErasureService;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * {@code privacy:export <contactId>}: everything held about a contact, as JSON on standard output
 * ({@code ssh -p 8101 admin@host privacy:export 17 > contact-17.json}). The export goes to the
 * one who asked for it, never to a file on the server, where it would outlive an erasure.
 */
@Service
@Command(scope = "privacy", name = "export", description = "Prints everything held about a contact, from every bundle "
        + "and plugin, as JSON")
public class ExportCommand implements Action {

    @Argument(index = 0, name = "contactId", description = "The contact", required = true)
    @Completion(ContactIdCompleter.class)
    long contactId;

    @Reference
    ErasureService erasure;

    @Override
    public Object execute() throws IOException {
        ContactExport export = erasure.export(contactId);
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
        System.out.println(json.writeValueAsString(export));
        if (!export.unreached().isEmpty()) {
            System.err.println("Contact " + contactId + ": not reached: " + String.join(", ", export.unreached()));
        }
        return null;
    }
}
