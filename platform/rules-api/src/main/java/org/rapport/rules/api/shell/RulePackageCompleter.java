package org.rapport.rules.api.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.rapport.rest.Roles;
import org.rapport.rest.shell.BoundedCompleter;
import org.rapport.rules.api.RulePackageStatus;
import org.rapport.rules.api.RulesEngine;

/**
 * Completes the name of a rule package, with its state and active release beside it. Packages are
 * few (one per capability that decides with rules). Analysts work on rules; agents, who may not
 * list them, are offered none.
 */
@Service
public class RulePackageCompleter extends BoundedCompleter {

    @Reference
    RulesEngine rules;

    public RulePackageCompleter() {
        super(Roles.ANALYST);
    }

    @Override
    protected List<Candidate> candidates(String typed, CommandLine line) {
        return rules.packages().stream().filter(p -> p.name().startsWith(typed)).limit(LIMIT)
                .map(p -> candidate(p.name(), p.name(), describe(p))).toList();
    }

    private static String describe(RulePackageStatus status) {
        return status.active().map(r -> status.state() + ", release " + r.version()).orElse(status.state().toString());
    }
}
