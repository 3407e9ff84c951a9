package org.rapport.segments.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.event.EventAdmin;
import org.rapport.rest.security.ShellUser;
import org.rapport.segments.api.SegmentService;
import org.rapport.segments.api.shell.SegmentNameCompleter;
import org.rapport.segments.impl.SegmentAudit;

/** {@code segments:remove --confirm <name>}: the segment with its members and counts. */
@Service
@Command(scope = "segments", name = "remove", description = "Removes a segment with its members and counts")
public class SegmentRemoveCommand implements Action {

    @Option(name = "--confirm", description = "Required: the segment's history of counts goes too")
    boolean confirm;

    @Argument(index = 0, name = "name", required = true)
    @Completion(SegmentNameCompleter.class)
    String name;

    @Reference
    SegmentService segments;

    @Reference(optional = true)
    EventAdmin events;

    @Override
    public Object execute() {
        if (!confirm) {
            throw new IllegalArgumentException("removing segment " + name + " takes its counts with it: add --confirm");
        }
        if (!segments.remove(name)) {
            throw new IllegalArgumentException("there is no segment '" + name + "'");
        }
        SegmentAudit.changed(events, ShellUser.name(), "segment.remove", name, "removed");
        System.out.println("Segment " + name + " removed");
        return null;
    }
}
