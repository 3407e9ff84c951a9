package org.rapport.contacts.impl.command;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.contacts.api.ContactTransfer;

/**
 * {@code contacts:export [--format csv|json]}: every contact on standard output, to the one who
 * asked ({@code ssh -p 8101 admin@host contacts:export > contacts.csv}), never to a file on the
 * server, where it would be left for others to read and outlive every erasure.
 */
@Service
@Command(scope = "contacts", name = "export", description = "Prints every contact as CSV or JSON")
public class ContactExportCommand implements Action {

    @Option(name = "--format", description = "csv (default) or json")
    String format = "csv";

    @Reference
    ContactTransfer transfer;

    @Override
    public Object execute() throws Exception {
        if (!format.equals("csv") && !format.equals("json")) {
            throw new IllegalArgumentException("--format " + format + ": csv or json");
        }
        // Not closed: System.out is the session's.
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        if (format.equals("csv")) {
            transfer.exportCsv(out);
        } else {
            transfer.exportJson(out);
        }
        out.flush();
        return null;
    }
}
