package org.rapport.privacy.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.privacy.api.DataRetentionRun;
import org.rapport.privacy.api.DataRetentionService;
import org.rapport.rest.Roles;
import org.rapport.rest.security.ShellUser;

/** {@code privacy:retention-run [--dry-run]}: applies the data-retention rules now, or reports what they would do. */
@Service
@Command(scope = "privacy", name = "retention-run", description = "Applies the data-retention rules (rules/privacy) "
        + "to every stored record now, or with --dry-run reports what they would delete or anonymise")
public class DataRetentionRunCommand implements Action {

    @Option(name = "--dry-run", description = "Report only; change nothing")
    boolean dryRun;

    @Reference
    DataRetentionService retention;

    @Override
    public Object execute() {
        // The parsed option, not the command line's text: "--dry-run=false" is a real run.
        if (!dryRun) {
            ShellUser.require("privacy:retention-run without --dry-run", Roles.ADMIN);
        }
        DataRetentionRun run = retention.run(dryRun, ShellUser.name());
        System.out.println("Retention run " + run.id() + (dryRun ? " (dry run, nothing changed)" : "") + " by "
                + run.release() + ":");
        run.categories().forEach(c -> System.out.println("  " + c.category() + ": " + c.examined() + " examined, "
                + c.held() + " on legal hold, " + c.deleted() + (dryRun ? " would be" : "") + " deleted, "
                + c.anonymized() + (dryRun ? " would be" : "") + " anonymised"));
        return null;
    }
}
