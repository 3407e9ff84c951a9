package org.rapport.rules.api.shell;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.rapport.rest.Roles;
import org.rapport.rest.shell.BoundedCompleter;
import org.rapport.rules.api.RulesEngine;

/**
 * Completes a release version of the rule package named by the command's first argument (as in
 * {@code rules:rollback <package> <version>}), newest first, with when it was activated and by
 * whom. Analysts work on rules; agents are offered none.
 */
@Service
public class RuleReleaseCompleter extends BoundedCompleter {

    @Reference
    RulesEngine rules;

    public RuleReleaseCompleter() {
        super(Roles.ANALYST);
    }

    @Override
    protected List<Candidate> candidates(String typed, CommandLine line) {
        return rulePackage(line).map(p -> rules.history(p).stream()
                .filter(r -> Long.toString(r.version()).startsWith(typed)).limit(LIMIT)
                .map(r -> candidate(Long.toString(r.version()), Long.toString(r.version()),
                        r.activatedAt() + " by " + r.author()))
                .toList()).orElse(List.of());
    }

    /** The first argument after the command that is not an option, when the cursor is past it. */
    static Optional<String> rulePackage(CommandLine line) {
        return Stream.of(line.getArguments()).limit(line.getCursorArgumentIndex()).skip(1)
                .filter(a -> !a.startsWith("-")).findFirst();
    }
}
