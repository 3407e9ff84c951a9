package org.rapport.segments.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.osgi.service.event.EventAdmin;
import org.rapport.rest.security.ShellUser;
import org.rapport.segments.api.Segment;
import org.rapport.segments.api.SegmentKind;
import org.rapport.segments.api.SegmentService;
import org.rapport.segments.api.shell.SegmentNameCompleter;
import org.rapport.segments.impl.SegmentAudit;

/** {@code segments:define --description "Lapsed buyers" lapsed did:purchase>=1 did:purchase=0/180d}. */
@Service
@Command(scope = "segments", name = "define", description = "Defines a segment, or changes its condition, and computes "
        + "its members")
public class SegmentDefineCommand implements Action {

    @Option(name = "--description", description = "What the segment is for")
    String description;

    @Option(name = "--kind", description = "marketing (leaves out those who objected to profiling) or service "
            + "(asks nothing); a new segment is marketing, one that exists keeps its kind")
    @Completion(value = StringsCompleter.class, values = {"marketing", "service"})
    String kind;

    @Argument(index = 0, name = "name", description = "Lower-case letters, digits and '-': lapsed-buyers", required = true)
    @Completion(SegmentNameCompleter.class)
    String name;

    @Argument(index = 1, name = "condition", description = "Words that must all hold, 'or' between groups: "
            + "tag:vip, prop:city=Paris, did:purchase>=2/90d, spent>=500/365d, rfm:r>=4, country:FR, -tag:staff",
            required = true, multiValued = true)
    List<String> condition;

    @Reference
    SegmentService segments;

    @Reference(optional = true)
    EventAdmin events;

    @Override
    public Object execute() {
        Segment segment = segments.define(name, description, String.join(" ", condition),
                kind == null ? null : SegmentKind.parse(kind), ShellUser.name());
        SegmentAudit.defined(events, ShellUser.name(), segment);
        System.out.println("Segment " + segment.name() + " (" + segment.kind().label() + "): " + segment.members()
                + " members");
        return null;
    }
}
