package org.rapport.retention.impl.command;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.retention.api.Episode;
import org.rapport.retention.api.RetentionService;

/** {@code retention:at-risk [--tier t] [--limit n]}: customers at risk now, newest first. */
@Service
@Command(scope = "retention", name = "at-risk", description = "Lists the customers at risk now, with the trigger and rule")
public class AtRiskCommand implements Action {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    @Option(name = "--tier", description = "Only customers of this loyalty tier")
    String tier;

    @Option(name = "--limit", description = "How many to show (at most 500)")
    int limit = 50;

    @Reference
    RetentionService retention;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Contact").alignRight();
        table.column("Trigger");
        table.column("Risk");
        table.column("Since");
        table.column("Reason");
        table.column("Rule");
        for (Episode e : retention.atRisk(tier, 0, limit)) {
            table.addRow().addContent(e.contactId(), e.trigger(), e.risk(), TIME.format(e.openedAt()),
                    e.reason() == null ? "" : e.reason(), e.rule() + " (" + e.release() + ")");
        }
        table.print(System.out);
        System.out.println(retention.countAtRisk(tier) + " at risk" + (tier == null ? "" : " in " + tier));
        return null;
    }
}
