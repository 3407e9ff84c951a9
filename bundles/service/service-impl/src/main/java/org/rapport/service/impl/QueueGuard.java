package org.rapport.service.impl;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.service.api.CaseQuery;
import org.rapport.service.api.CaseValidationException;
import org.rapport.service.api.NewCase;
import org.rapport.service.api.QueueFigures;
import org.rapport.service.api.ServiceCase;

/**
 * The service desk as one viewer sees it ({@link QueueAccess}), for the REST paths and the shell:
 * a case in a queue the viewer may not see is not found, exactly as a case that does not exist (so
 * its existence does not leak), lists and counts leave those queues out, the figures show only the
 * queues the viewer sees, and a case is opened or moved only into a queue the viewer sees.
 */
@Component(service = QueueGuard.class)
public class QueueGuard {

    private final CaseServiceImpl cases;

    @Activate
    public QueueGuard(@Reference CaseServiceImpl cases) {
        this.cases = cases;
    }

    /** The case, if it exists and {@code viewer} may see its queue. */
    public ServiceCase visible(long caseId, Viewer viewer) {
        return cases.find(caseId).filter(c -> cases.access().sees(viewer.name(), viewer.roles(), c.queue()))
                .orElseThrow(() -> CaseValidationException.notFound(caseId));
    }

    public List<ServiceCase> list(CaseQuery query, Viewer viewer, int offset, int limit) {
        return cases.list(query, cases.access().hidden(viewer), offset, limit);
    }

    public long count(CaseQuery query, Viewer viewer) {
        return cases.count(query, cases.access().hidden(viewer));
    }

    /** The queues' figures, of the queues {@code viewer} sees. */
    public List<QueueFigures> figures(Instant from, Instant to, Viewer viewer) {
        Set<String> hidden = cases.access().hidden(viewer);
        return cases.figures(from, to).stream().filter(q -> !hidden.contains(q.queue())).toList();
    }

    /** The queues {@code viewer} may see, as configured. */
    public List<String> queues(Viewer viewer) {
        return cases.queues(cases.access().hidden(viewer));
    }

    /**
     * Opens a case in a queue {@code viewer} sees, the first of them when none is given: one it may not
     * see is refused as no queue, with the same words and alongside the same other refusals, and the
     * refusal names only the queues the viewer sees.
     */
    public ServiceCase open(NewCase newCase, Viewer viewer, String actor) {
        return cases.open(newCase, actor, cases.access().hidden(viewer), null, List.of());
    }

    /**
     * Moves a case {@code viewer} sees (else not found) to a queue they see (one they may not see is
     * refused as no queue, naming only theirs): an agent cannot send a case where they could not
     * follow it, nor take one from a queue they do not see.
     */
    public ServiceCase move(long caseId, String queue, Viewer viewer, String actor) {
        visible(caseId, viewer);
        return cases.move(caseId, queue, actor, cases.access().hidden(viewer));
    }
}
