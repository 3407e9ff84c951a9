package org.rapport.segments.impl.command;

import java.time.LocalDate;
import java.time.ZoneOffset;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.segments.api.Segment;
import org.rapport.segments.api.SegmentCount;
import org.rapport.segments.api.SegmentKind;
import org.rapport.segments.api.SegmentService;
import org.rapport.segments.api.shell.SegmentNameCompleter;

/** {@code segments:show [--days n] <name>}: a segment's definition and its size day by day. */
@Service
@Command(scope = "segments", name = "show", description = "Shows a segment: its condition, who changed it, and its "
        + "size, joiners and leavers day by day")
public class SegmentShowCommand implements Action {

    @Option(name = "--days", description = "How many days of counts, up to today (default 14)")
    int days = 14;

    @Argument(index = 0, name = "name", required = true)
    @Completion(SegmentNameCompleter.class)
    String name;

    @Reference
    SegmentService segments;

    @Override
    public Object execute() {
        Segment s = segments.find(name).orElseThrow(() -> new IllegalArgumentException("there is no segment '" + name + "'"));
        System.out.println("Segment      " + s.name() + (s.description() == null ? "" : " (" + s.description() + ")"));
        System.out.println("Condition    " + s.condition());
        System.out.println("Kind         " + s.kind().label() + (s.kind() == SegmentKind.MARKETING
                ? ": those the consent gate does not let segments profile are left out" : ": the consent gate is not asked"));
        System.out.println("Members      " + s.members() + ", computed whole at " + s.refreshedAt());
        System.out.println("Changed      " + s.changedAt() + " by " + s.changedBy());
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        ShellTable table = new ShellTable();
        table.column("Day");
        table.column("Members").alignRight();
        table.column("Joined").alignRight();
        table.column("Left").alignRight();
        for (SegmentCount c : segments.counts(name, today.minusDays(Math.max(1, days) - 1L), today)) {
            table.addRow().addContent(c.day(), c.members(), c.joined(), c.left());
        }
        table.print(System.out);
        return null;
    }
}
