package org.rapport.segments.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.rapport.segments.api.Segment;
import org.rapport.segments.api.SegmentService;

/** Completes the name of a saved segment. */
@Service
public class SegmentNameCompleter implements Completer {

    @Reference
    SegmentService segments;

    @Override
    public int complete(Session session, CommandLine line, List<String> candidates) {
        StringsCompleter names = new StringsCompleter(segments.list().stream().map(Segment::name).toList());
        return names.complete(session, line, candidates);
    }
}
