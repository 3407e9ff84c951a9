package org.rapport.privacy.impl.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.privacy.api.ContactExport;
import org.rapport.privacy.api.ErasureService;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** {@code privacy:export <contactId> <file>}: everything held about a contact, as JSON. */
@Service
@Command(scope = "privacy", name = "export", description = "Writes everything held about a contact, from every bundle "
        + "and plugin, to a JSON file")
public class ExportCommand implements Action {

    @Argument(index = 0, name = "contactId", description = "The contact", required = true)
    long contactId;

    @Argument(index = 1, name = "file", description = "The JSON file to write (not overwritten)", required = true)
    String file;

    @Reference
    ErasureService erasure;

    @Override
    public Object execute() throws IOException {
        Path target = Paths.get(file);
        if (Files.exists(target)) {
            throw new IllegalArgumentException(target + " exists; name a new file");
        }
        ContactExport export = erasure.export(contactId);
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(target.toFile(), export);
        System.out.println("Contact " + contactId + " exported to " + target.toAbsolutePath() + ": "
                + String.join(", ", export.data().keySet()) + (export.unreached().isEmpty() ? ""
                : "; not reached: " + String.join(", ", export.unreached())));
        return null;
    }
}
