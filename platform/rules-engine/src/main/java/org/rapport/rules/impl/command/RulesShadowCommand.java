package org.rapport.rules.impl.command;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.rapport.rest.security.ShellUser;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RulesEngine;
import org.rapport.rules.api.Shadow;
import org.rapport.rules.api.shell.RulePackageCompleter;

/**
 * {@code rules:shadow <package> <path>} starts a shadow, {@code rules:shadow <package>} shows
 * it, {@code --promote} makes it the next release and {@code --drop} ends it.
 */
@Service
@Command(scope = "rules", name = "shadow",
        description = "Runs candidate rules beside the active release on live evaluations, counting differences; "
                + "shows, promotes or drops the shadow")
public class RulesShadowCommand implements Action {

    @Argument(index = 0, name = "package", description = "Rule package", required = true)
    @Completion(RulePackageCompleter.class)
    String rulePackage;

    @Argument(index = 1, name = "path", description = "Candidate: a .drl file or a folder of rules and scenarios")
    String path;

    @Option(name = "--promote", description = "Deploy the shadow's files as the next release")
    boolean promote;

    @Option(name = "--drop", description = "End the shadow")
    boolean drop;

    @Reference
    RulesEngine engine;

    @Override
    public Object execute() throws IOException {
        if (promote && drop || (promote || drop) && path != null) {
            throw new IllegalArgumentException("give a path to start a shadow, or --promote, or --drop");
        }
        if (promote) {
            Release release = engine.promoteShadow(rulePackage, ShellUser.name());
            System.out.println("Rule package '" + rulePackage + "' v" + release.version() + " active: the shadow's files");
        } else if (drop) {
            print(engine.dropShadow(rulePackage).orElseThrow(this::none));
            System.out.println("Shadow dropped.");
        } else if (path != null) {
            Path source = RulesDeployCommand.candidate(path);
            print(engine.startShadow(rulePackage, RulesDeployCommand.read(source), source.toString()));
        } else {
            print(engine.shadow(rulePackage).orElseThrow(this::none));
        }
        return null;
    }

    private IllegalArgumentException none() {
        return new IllegalArgumentException("rule package '" + rulePackage + "' has no shadow running");
    }

    private static void print(Shadow shadow) {
        System.out.printf("Shadow of '%s' from %s, since %s, beside v%d%n", shadow.rulePackage(), shadow.origin(),
                RulesListCommand.TIME.format(shadow.since()), shadow.differences().activeRelease());
        System.out.printf("  %,d live evaluation(s) of %,d fact(s), %,d failed in the shadow, %,d difference(s)%n",
                shadow.evaluations(), shadow.differences().facts(), shadow.failures(), shadow.differences().changed());
        for (Map.Entry<String, Long> change : shadow.differences().changes().entrySet()) {
            System.out.printf("  %,8d  %s   e.g. %s%n", change.getValue(), change.getKey(),
                    String.join(", ", shadow.differences().samples().get(change.getKey())));
        }
    }
}
