package org.rapport.segments.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;
import org.rapport.segments.api.Segment;
import org.rapport.segments.api.SegmentService;

/** {@code segments:list}: every segment with its size and condition. */
@Service
@Command(scope = "segments", name = "list", description = "Lists the segments with their size and condition")
public class SegmentListCommand implements Action {

    @Reference
    SegmentService segments;

    @Override
    public Object execute() {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("Kind");
        table.column("Members").alignRight();
        table.column("Refreshed");
        table.column("Condition").maxSize(80).wrap();
        for (Segment s : segments.list()) {
            table.addRow().addContent(s.name(), s.kind().label(), s.members(), s.refreshedAt(), s.condition());
        }
        table.print(System.out);
        return null;
    }
}
