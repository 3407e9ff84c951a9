package org.rapport.segments.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.segments.api.Segment;
import org.rapport.segments.api.SegmentService;
import org.rapport.segments.api.shell.SegmentNameCompleter;

/** {@code segments:refresh <name>}, or {@code --all}: RFM scores and every segment, as the nightly run does. */
@Service
@Command(scope = "segments", name = "refresh", description = "Computes a segment's members again; with --all, every "
        + "buyer's RFM scores and every segment")
public class SegmentRefreshCommand implements Action {

    @Option(name = "--all", description = "RFM scores and every segment")
    boolean all;

    @Argument(index = 0, name = "name")
    @Completion(SegmentNameCompleter.class)
    String name;

    @Reference
    SegmentService segments;

    @Override
    public Object execute() {
        if (all == (name != null)) {
            throw new IllegalArgumentException("name a segment, or --all");
        }
        List<Segment> refreshed = all ? segments.refreshAll() : List.of(segments.refresh(name));
        refreshed.forEach(s -> System.out.println("Segment " + s.name() + ": " + s.members() + " members"));
        return null;
    }
}
