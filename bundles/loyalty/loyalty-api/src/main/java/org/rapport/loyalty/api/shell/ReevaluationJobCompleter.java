package org.rapport.loyalty.api.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.rapport.loyalty.api.TierReevaluation;
import org.rapport.rest.Roles;
import org.rapport.rest.shell.BoundedCompleter;

/**
 * Completes the id of a tier re-evaluation job, newest first, with its state and progress beside
 * it; analysts run the jobs, so only they (and administrators) are offered them.
 */
@Service
public class ReevaluationJobCompleter extends BoundedCompleter {

    @Reference
    TierReevaluation reevaluation;

    public ReevaluationJobCompleter() {
        super(Roles.ANALYST);
    }

    @Override
    protected List<Candidate> candidates(String typed, CommandLine line) {
        return reevaluation.jobs(LIMIT).stream().filter(j -> Long.toString(j.id()).startsWith(typed)).map(j -> {
            String id = Long.toString(j.id());
            return candidate(id, id + "  " + j.state(), j.evaluated() + " of " + j.total() + " evaluated, started "
                    + j.startedAt());
        }).toList();
    }
}
