package org.rapport.service.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.rapport.rest.Roles;
import org.rapport.rest.shell.BoundedCompleter;
import org.rapport.service.api.CaseQuery;
import org.rapport.service.api.CaseValidationException;
import org.rapport.service.api.ServiceCase;
import org.rapport.service.impl.QueueGuard;
import org.rapport.service.impl.Viewer;

/** Completes a case id: the one typed, or the newest cases whose id starts so, with status and subject beside them. */
@Service
public class CaseIdCompleter extends BoundedCompleter {

    @Reference
    QueueGuard guard;

    public CaseIdCompleter() {
        super(Roles.AGENT, Roles.ANALYST);
    }

    @Override
    protected List<Candidate> candidates(String typed, CommandLine line) {
        Viewer viewer = Viewer.shell();
        List<ServiceCase> found = id(typed).isPresent() ? visible(id(typed).getAsLong(), viewer)
                : guard.list(CaseQuery.all(), viewer, 0, LIMIT * 5).stream()
                        .filter(c -> Long.toString(c.id()).startsWith(typed)).toList();
        return found.stream().limit(LIMIT).map(c -> candidate(Long.toString(c.id()), Long.toString(c.id()),
                c.status().label() + ": " + CaseText.line(c.subject()))).toList();
    }

    private List<ServiceCase> visible(long caseId, Viewer viewer) {
        try {
            return List.of(guard.visible(caseId, viewer));
        } catch (CaseValidationException notThere) {
            return List.of();
        }
    }
}
