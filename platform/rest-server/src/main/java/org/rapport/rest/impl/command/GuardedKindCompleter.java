package org.rapport.rest.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.rapport.guard.PluginGuards;
import org.rapport.rest.shell.BoundedCompleter;

/** Completes the kind of a guarded plugin (the plugin points whose guards are open), for administrators. */
@Service
public class GuardedKindCompleter extends BoundedCompleter {

    @Override
    protected List<Candidate> candidates(String typed, CommandLine line) {
        return PluginGuards.opened().stream().map(g -> g.policy()).filter(p -> p.kind().startsWith(typed)).distinct()
                .limit(LIMIT).map(p -> candidate(p.kind(), p.kind(), p.label())).toList();
    }
}
