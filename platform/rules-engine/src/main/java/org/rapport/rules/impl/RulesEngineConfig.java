package org.rapport.rules.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The rules engine's settings, under the PID {@code org.rapport.rules.engine} ({@code etc/org.rapport.rules.engine.cfg}). */
@ObjectClassDefinition(name = "Rapport rules engine",
        description = "Limits that keep a faulty rule release from harming the server.")
public @interface RulesEngineConfig {

    String PID = "org.rapport.rules.engine";

    @AttributeDefinition(name = "Rule firings per fact",
            description = "An evaluation stops with an error, naming the rule that fired most, once rules have "
                    + "fired this many times per fact handed in. Stops rules that re-trigger themselves forever.")
    int maxFiresPerFact() default 1000;

    @AttributeDefinition(name = "Look for other nodes' releases every (ms)",
            description = "How often the database is asked whether another node sharing it accepted a newer "
                    + "release, which this node then builds and activates too; 0 never asks.")
    long syncIntervalMillis() default 1000;

    @AttributeDefinition(name = "Time budget per evaluation (ms)",
            description = "An evaluation still firing rules after this long is halted and fails, naming the rule "
                    + "that was firing. Evaluations are batches: allow for the largest batch a caller hands in.")
    long maxEvaluationMillis() default 10_000;

    @AttributeDefinition(name = "Compile alpha networks to Java",
            description = "A release serves as soon as it passes the gate. With this on, the engine then builds it "
                    + "again in the background with its alpha network (the single-fact conditions) compiled to Java, "
                    + "runs its scenarios on that form and switches to it, which evaluates faster.")
    boolean compileReleases() default true;

    @AttributeDefinition(name = "Also allowed in rules",
            description = "Entries added to the rules' allow-list, one per value, as in the shipped sandbox.allow: "
                    + "'java.util.Currency: getInstance getCurrencyCode'. Only add what cannot reach files, "
                    + "processes, the network, class loading, reflection or threads, and runs in bounded time. "
                    + "Each change is logged; it applies to rules compiled from then on.")
    String[] allow() default {};

    @AttributeDefinition(name = "Conflicting rules",
            description = "Two rules whose conditions overlap and that decide the same kind about the same subject "
                    + "differently, with no salience or activation group to settle it: refuse, warn or off. Two such "
                    + "rules whose overlap cannot be decided are reported as not compared: a warning, unless off.")
    String checkConflict() default "warn";

    @AttributeDefinition(name = "Rules that never fire",
            description = "A rule whose conditions contradict each other, or that a higher-salience rule of its "
                    + "activation group always pre-empts: refuse, warn or off.")
    String checkUnreachable() default "warn";

    @AttributeDefinition(name = "Gaps in declared decisions",
            description = "Facts for which no rule makes a decision the package declares it always makes "
                    + "(// @decision <kind> always for <Type>(...)): refuse, warn or off.")
    String checkGap() default "refuse";

    @AttributeDefinition(name = "Overlapping decision table rows",
            description = "Two rows of a decision table that match the same facts and decide differently: "
                    + "refuse, warn or off.")
    String checkTableOverlap() default "warn";

    @AttributeDefinition(name = "Missing decision table rows",
            description = "Values between the rows of a decision table that no row covers: refuse, warn or off.")
    String checkTableGap() default "warn";

    @AttributeDefinition(name = "Scenarios required",
            description = "A candidate release of a package with no scenario (no .yaml file of scenarios beside its "
                    + "rules, or only empty ones) is refused. Every package keeps scenarios: they are how a change "
                    + "is tested before it serves.")
    boolean requireScenarios() default true;

    @AttributeDefinition(name = "Packages exempt from scenarios",
            description = "Rule packages whose candidates pass without scenarios, one per value (an administrator's "
                    + "decision, logged at each change). Scenarios they do have still run and must pass.")
    String[] scenariosOptional() default {};
}
