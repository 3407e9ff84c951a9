package org.rapport.segments.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.segments.api.SegmentService;
import org.rapport.segments.api.shell.SegmentNameCompleter;

/** {@code segments:members [--offset n] [--limit n] <name>}: a segment's contacts, by id. */
@Service
@Command(scope = "segments", name = "members", description = "Lists a segment's contacts, by id")
public class SegmentMembersCommand implements Action {

    @Option(name = "--offset")
    int offset;

    @Option(name = "--limit")
    int limit = 50;

    @Argument(index = 0, name = "name", required = true)
    @Completion(SegmentNameCompleter.class)
    String name;

    @Reference
    SegmentService segments;

    @Override
    public Object execute() {
        long members = segments.find(name).orElseThrow(() -> new IllegalArgumentException("there is no segment '"
                + name + "'")).members();
        ContactRowsPrinter.print(segments.members(name, offset, limit));
        System.out.println(members + " members");
        return null;
    }
}
