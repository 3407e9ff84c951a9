package org.rapport.contacts.impl.command;

import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.osgi.service.event.EventAdmin;
import org.rapport.contacts.api.ImportOptions;
import org.rapport.contacts.api.ImportReport;
import org.rapport.contacts.impl.ContactAudit;
import org.rapport.contacts.impl.ContactImports;
import org.rapport.contacts.impl.ImportInbox;
import org.rapport.rest.security.ConfinedFiles;
import org.rapport.rest.security.ShellUser;

/**
 * {@code contacts:import [--dry-run] [--keep-existing] [--map "Heading=field"]... [name]}: the CSV
 * comes on standard input ({@code ssh -p 8101 agent@host contacts:import < contacts.csv}), or is
 * the file of that name in the import inbox an administrator configured
 * ({@code etc/org.rapport.contacts.imports.cfg}). No other file on the server can be named.
 */
@Service
@Command(scope = "contacts", name = "import",
        description = "Imports contacts from a CSV (heading row first) on standard input, or from a file of the import "
                + "inbox, reporting each bad row by its number")
public class ContactImportCommand implements Action {

    /** How long an import handed in waits for the import running before it. */
    private static final Duration WAIT_FOR_TURN = Duration.ofHours(1);

    @Argument(index = 0, name = "name", description = "A CSV file (UTF-8) in the import inbox; without it, the CSV "
            + "comes on standard input")
    String name;

    @Option(name = "--dry-run", description = "Check every row and report; store nothing")
    boolean dryRun;

    @Option(name = "--keep-existing", description = "Leave contacts whose email address is already stored as they are")
    boolean keepExisting;

    @Option(name = "--map", description = "Column heading to field, as Heading=field (fields: email, firstName, "
            + "lastName, phone, language, preferredChannel, tags)", multiValued = true)
    List<String> mappings;

    @Reference
    ContactImports imports;

    @Reference(optional = true)
    EventAdmin events;

    @Reference
    ImportInbox inbox;

    @Reference
    Session session;

    @Override
    public Object execute() throws Exception {
        Map<String, String> mapping = new LinkedHashMap<>();
        if (mappings != null) {
            for (String m : mappings) {
                int eq = m.lastIndexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("--map " + m + ": write it as Heading=field");
                }
                mapping.put(m.substring(0, eq), m.substring(eq + 1));
            }
        }
        String shown = name == null ? "standard input" : name;
        ContactImports.Submitted submitted;
        // The session's input stays open: it is the session's.
        InputStream in = name == null ? session.getKeyboard() : Files.newInputStream(ConfinedFiles.inside(inbox.inbox(), name));
        try {
            submitted = imports.submit(in, shown, new ImportOptions(dryRun, mapping, !keepExisting), ShellUser.name(),
                    WAIT_FOR_TURN);
        } finally {
            if (name != null) {
                in.close();
            }
        }
        long job = submitted.job().id();
        ImportReport report;
        try {
            report = imports.await(submitted.report().id(), done -> {
                System.out.printf("\rImporting %s: %,d rows read", shown, done);
                System.out.flush();
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.out.println();
            System.out.println("Import job " + job + " goes on; follow it with jobs:show " + job);
            return null;
        }
        System.out.println();
        ContactAudit.imported(events, ShellUser.name(), job, report);
        System.out.printf("%s%s: %,d rows, %,d created, %,d updated, %,d unchanged, %,d refused%s%n",
                report.dryRun() ? "Dry run, nothing stored. " : "", report.state(), report.rows(), report.created(),
                report.updated(), report.unchanged(), report.failed(),
                report.resumedAt() > 0 ? " (resumed after row " + report.resumedAt() + ")" : "");
        report.errors().forEach(e -> System.out.println("  " + e));
        if (report.failed() > report.errors().size()) {
            System.out.println("  ... and " + (report.failed() - report.errors().size()) + " more");
        }
        if (report.problem() != null) {
            System.out.println("Stopped: " + report.problem());
        }
        System.out.println("Import job " + job);
        return null;
    }
}
