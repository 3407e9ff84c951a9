package org.rapport.contacts.impl.command;

import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.ContactTransfer;

/** {@code contacts:export <file> [--format csv|json]} */
@Service
@Command(scope = "contacts", name = "export", description = "Writes every contact to a CSV or JSON file")
public class ContactExportCommand implements Action {

    @Argument(index = 0, name = "file", description = "File to write", required = true)
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--format", description = "csv (default) or json")
    String format = "csv";

    @Reference
    ContactTransfer transfer;

    @Reference
    ContactService contacts;

    @Override
    public Object execute() throws Exception {
        if (!format.equals("csv") && !format.equals("json")) {
            throw new IllegalArgumentException("--format " + format + ": csv or json");
        }
        Path path = Paths.get(file).toAbsolutePath().normalize();
        try (Writer out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            if (format.equals("csv")) {
                transfer.exportCsv(out);
            } else {
                transfer.exportJson(out);
            }
        }
        System.out.println(contacts.count() + " contact(s) written to " + path);
        return null;
    }
}
