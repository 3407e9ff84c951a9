package org.rapport.rules.impl.command;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.rest.security.ShellUser;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RulesEngine;
import org.rapport.rules.api.shell.RulePackageCompleter;
import org.rapport.rules.api.shell.RuleReleaseCompleter;

/** {@code rules:rollback <package> [version]}: the files of an earlier release become active again. */
@Service
@Command(scope = "rules", name = "rollback",
        description = "Activates the files of an earlier release again, as a new release (default: the one before the active)")
public class RulesRollbackCommand implements Action {

    @Argument(index = 0, name = "package", description = "Rule package", required = true)
    @Completion(RulePackageCompleter.class)
    String rulePackage;

    @Argument(index = 1, name = "version", description = "Release to return to")
    @Completion(RuleReleaseCompleter.class)
    Long version;

    @Reference
    RulesEngine engine;

    @Override
    public Object execute() {
        long target = version != null ? version : previous();
        Release release = engine.rollback(rulePackage, target, ShellUser.name());
        System.out.println("Rule package '" + rulePackage + "' v" + release.version() + " active: the files of v" + target);
        return null;
    }

    private long previous() {
        long active = engine.status(rulePackage).flatMap(s -> s.active()).map(Release::version)
                .orElseThrow(() -> new IllegalArgumentException("rule package '" + rulePackage + "' has no active release"));
        return engine.history(rulePackage).stream().mapToLong(Release::version).filter(v -> v < active).max()
                .orElseThrow(() -> new IllegalArgumentException("rule package '" + rulePackage
                        + "' has no release before v" + active));
    }
}
