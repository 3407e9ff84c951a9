package org.rapport.sales.impl.command;

import java.io.IOException;
import java.io.StringReader;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.rapport.rest.security.ShellInput;
import org.rapport.rest.security.ShellUser;
import org.rapport.sales.impl.LeadImport;

/** {@code sales:lead-import}: leads from CSV on standard input ({@code ssh ... 'sales:lead-import' < leads.csv}). */
@Service
@Command(scope = "sales", name = "lead-import", description = "Imports leads from CSV on standard input (heading row: "
        + "name,email,phone,company,source,owner,answer.<question>); reports each refused row")
public class LeadImportCommand implements Action {

    /** As much as a REST body may hold. */
    static final int MAX_BYTES = 1 << 20;

    @Option(name = "--dry-run", description = "Check every row, store nothing")
    boolean dryRun;

    @Option(name = "--source", description = "The source of rows without one (default: import)")
    String source = "import";

    @Reference
    LeadImport imports;

    @Reference
    Session session;

    @Override
    public Object execute() throws IOException {
        String csv = ShellInput.text(session.getKeyboard(), MAX_BYTES, "the leads' CSV");
        LeadImport.Report report = imports.run(new StringReader(csv), source, dryRun, ShellUser.name());
        System.out.println(report.rows() + " rows, " + report.imported() + (dryRun ? " would be imported, " : " imported, ")
                + report.refused() + " refused");
        report.errors().forEach(e -> System.out.println("row " + e.row() + (e.column() == null ? "" : ", column "
                + e.column()) + ": " + e.message()));
        return null;
    }
}
