package org.rapport.loyalty.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.contacts.api.shell.ContactIdCompleter;
import org.rapport.loyalty.api.PointsEntry;
import org.rapport.loyalty.api.LoyaltyService;

/** {@code loyalty:history <contactId> [--limit N] [--lines]}: the member's ledger entries, newest first. */
@Service
@Command(scope = "loyalty", name = "history", description = "Lists a member's ledger entries, newest first: earn, "
        + "redeem, expire, adjust, reverse")
public class LedgerCommand implements Action {

    @Argument(index = 0, name = "contactId", description = "The member's contact id", required = true)
    @Completion(ContactIdCompleter.class)
    long contactId;

    @Option(name = "--limit", description = "Entries to show")
    int limit = 50;

    @Option(name = "--lines", description = "Show each entry's lines: accounts, rules, expiry")
    boolean lines;

    @Reference
    LoyaltyService loyalty;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Entry").alignRight();
        table.column("Recorded");
        table.column("Kind");
        table.column("Points").alignRight();
        table.column("Qualifying").alignRight();
        table.column("Source");
        table.column("By");
        table.column("Note");
        var entries = loyalty.ledger(contactId, limit);
        for (PointsEntry e : entries) {
            String note = e.reverses() != null ? "reverses entry " + e.reverses() + (e.note() == null ? "" : ": " + e.note())
                    : e.reward() != null ? "reward " + e.reward() : e.note() == null ? "" : e.note();
            table.addRow().addContent(e.id(), MemberShowCommand.TIME.format(e.recordedAt()), e.kind().label(), e.points(),
                    e.qualifyingPoints(), e.source(), e.actor(), note);
        }
        table.print(System.out);
        if (lines) {
            entries.forEach(e -> {
                System.out.println("Entry " + e.id() + ":");
                printLines(e);
            });
        }
        return null;
    }

    static void printLines(PointsEntry entry) {
        for (PointsEntry.Line line : entry.lines()) {
            System.out.println("  " + String.format("%-20s %10d", line.account(), line.points())
                    + (line.qualifying() ? " qualifying" : "")
                    + (line.rule() == null ? "" : "  by \"" + line.rule() + "\" (" + line.release() + ")")
                    + (line.expiresOn() == null ? "" : "  expires " + line.expiresOn()));
        }
    }
}
