package org.rapport.retention.api.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.rapport.rest.Roles;
import org.rapport.rest.shell.BoundedCompleter;
import org.rapport.retention.api.RetentionSweep;

/**
 * Completes the id of a retention sweep (a job), newest first, with its status and progress
 * beside it; analysts run sweeps, so only they (and administrators) are offered them.
 */
@Service
public class SweepRunCompleter extends BoundedCompleter {

    @Reference
    RetentionSweep sweeps;

    public SweepRunCompleter() {
        super(Roles.ANALYST);
    }

    @Override
    protected List<Candidate> candidates(String typed, CommandLine line) {
        return sweeps.runs(LIMIT).stream().filter(r -> Long.toString(r.id()).startsWith(typed)).map(r -> {
            String id = Long.toString(r.id());
            return candidate(id, id + "  " + r.status(), r.evaluated() + " of " + r.total() + " evaluated, started "
                    + r.startedAt());
        }).toList();
    }
}
