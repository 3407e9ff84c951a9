package org.rapport.service.impl.command;

import java.time.LocalDate;
import java.time.ZoneOffset;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.service.api.QueueFigures;
import org.rapport.service.impl.QueueGuard;
import org.rapport.service.impl.Viewer;

/** {@code cases:kpis [--from --to]}: each queue's figures over the cases opened in a period. */
@Service
@Command(scope = "cases", name = "kpis", description = "Shows each queue's open cases, reply and resolution times and "
        + "the share that met its targets, and the satisfaction surveys' mean score")
public class CaseKpisCommand implements Action {

    @Option(name = "--from", description = "First day (yyyy-mm-dd, UTC) of the cases opened; default 29 days before --to")
    String from;

    @Option(name = "--to", description = "Last day (yyyy-mm-dd, UTC) of the cases opened; default today")
    String to;

    @Reference
    QueueGuard guard;

    @Override
    public Object execute() {
        LocalDate last = to == null ? LocalDate.now(ZoneOffset.UTC) : LocalDate.parse(to);
        LocalDate first = from == null ? last.minusDays(29) : LocalDate.parse(from);
        ShellTable table = new ShellTable();
        table.column("Queue");
        table.column("Opened").alignRight();
        table.column("Open").alignRight();
        table.column("First reply (min)").alignRight();
        table.column("Resolution (min)").alignRight();
        table.column("Resolved").alignRight();
        table.column("SLA met").alignRight();
        table.column("CSAT (answers)").alignRight();
        for (QueueFigures q : guard.figures(first.atStartOfDay().toInstant(ZoneOffset.UTC),
                last.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC), Viewer.shell())) {
            table.addRow().addContent(q.queue(), q.opened(), q.open(), q.firstResponseMinutes(), q.resolutionMinutes(),
                    q.resolved(), q.slaMetShare() == null ? null : Math.round(q.slaMetShare() * 100) + "%",
                    q.csat() == null ? null : q.csat() + " (" + q.csatAnswers() + ")");
        }
        table.print(System.out);
        System.out.println("Cases opened " + first + " to " + last + " (UTC).");
        return null;
    }
}
