package org.rapport.rest.impl.command;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.rapport.guard.PluginGuards;
import org.rapport.rest.shell.BoundedCompleter;

/**
 * Completes the name of a guarded plugin of the kind typed before it ({@code plugins:resume channel
 * <name>}), the suspended first, for administrators.
 */
@Service
public class GuardedPluginCompleter extends BoundedCompleter {

    @Override
    protected List<Candidate> candidates(String typed, CommandLine line) {
        String[] words = line.getArguments();
        String kind = line.getCursorArgumentIndex() >= 2 ? words[line.getCursorArgumentIndex() - 1] : "";
        return PluginGuards.states().stream().filter(s -> s.kind().equals(kind) && s.name().startsWith(typed))
                .sorted((a, b) -> Boolean.compare(b.suspended(), a.suspended())).limit(LIMIT)
                .map(s -> candidate(s.name(), s.name(), s.suspended() ? "suspended" : "calling")).toList();
    }
}
