package org.rapport.segments.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.segments.api.SegmentPreview;
import org.rapport.segments.api.SegmentService;

/** {@code segments:preview [--sample n] <condition>...}: how many contacts a condition selects, and some, saving nothing. */
@Service
@Command(scope = "segments", name = "preview", description = "Shows how many contacts a condition selects now, and the "
        + "first of them, without saving a segment")
public class SegmentPreviewCommand implements Action {

    @Option(name = "--sample", description = "How many contacts to show (default 10)")
    int sample = 10;

    @Argument(index = 0, name = "condition", required = true, multiValued = true)
    List<String> condition;

    @Reference
    SegmentService segments;

    @Override
    public Object execute() {
        SegmentPreview preview = segments.preview(String.join(" ", condition), sample);
        ContactRowsPrinter.print(preview.sample());
        System.out.println(preview.members() + " contacts match");
        return null;
    }
}
