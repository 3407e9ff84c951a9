package org.rapport.segments.api.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.rapport.rest.Roles;
import org.rapport.rest.shell.BoundedCompleter;
import org.rapport.segments.api.Segment;
import org.rapport.segments.api.SegmentService;

/**
 * Completes the name of a saved segment, with its description beside it. Segments are few (an
 * analyst defines each), so the list is read whole and cut to the names starting with what was
 * typed. Agents and analysts read segments.
 */
@Service
public class SegmentNameCompleter extends BoundedCompleter {

    @Reference
    SegmentService segments;

    public SegmentNameCompleter() {
        super(Roles.AGENT, Roles.ANALYST);
    }

    @Override
    protected List<Candidate> candidates(String typed, CommandLine line) {
        return segments.list().stream().filter(s -> s.name().startsWith(typed)).limit(LIMIT)
                .map(s -> candidate(s.name(), s.name(), s.description())).toList();
    }
}
