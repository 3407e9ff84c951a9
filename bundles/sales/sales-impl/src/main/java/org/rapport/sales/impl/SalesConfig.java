package org.rapport.sales.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapport.privacy.spi.ConsentGate;

/** The settings of {@code etc/org.rapport.sales.cfg}. */
@ObjectClassDefinition(name = "Rapport sales", description = "Pipeline stages, currency, web forms and lead activity")
public @interface SalesConfig {

    String PID = "org.rapport.sales";

    @AttributeDefinition(name = "Stages", description = "The pipeline's stages in order, each name:probability "
            + "(percent), with :won or :lost for the stages that close an opportunity")
    String[] stages() default {"prospecting:10", "qualification:25", "proposal:50", "negotiation:75", "won:100:won",
            "lost:0:lost"};

    @AttributeDefinition(name = "Currency", description = "ISO 4217 currency of opportunities opened without one")
    String currency() default "EUR";

    @AttributeDefinition(name = "Days to close", description = "Days from conversion to the expected close date of "
            + "an opportunity opened without one")
    int defaultCloseDays() default 30;

    @AttributeDefinition(name = "Web forms", description = "The public web forms that may capture leads, each "
            + "key|source|consent purposes (joined by '+', may be empty): website-contact|web-form|marketing+profiling. The key "
            + "names the form in POST /api/v1/forms/{key}/leads and grants nothing else")
    String[] forms() default {};

    @AttributeDefinition(name = "Form submissions per minute", description = "Submissions one client address may "
            + "send to one form per minute")
    int formRequestsPerMinute() default 10;

    @AttributeDefinition(name = "Minimum fill time", description = "Seconds a person takes at least to fill a form: "
            + "a submission sooner after its form was issued is refused as a bot's")
    int formMinSeconds() default 3;

    @AttributeDefinition(name = "Form lifetime", description = "Minutes an issued form stays valid")
    int formMaxAgeMinutes() default 120;

    @AttributeDefinition(name = "Form signing secret", description = "Secret that signs the start time issued with "
            + "each form (GET /api/v1/forms/{key}); empty: one drawn at random on each start. Set the same on every "
            + "node of a cluster")
    String formSecret() default "";

    @AttributeDefinition(name = "Visit interaction type", description = "Interaction type counted as a web visit "
            + "in a lead's activity")
    String visitType() default "visit";

    @AttributeDefinition(name = "Email opened interaction type", description = "Interaction type counted as an "
            + "opened email in a lead's activity")
    String emailOpenedType() default "email-opened";

    @AttributeDefinition(name = "Activity days", description = "Days of a contact's interactions counted in a "
            + "lead's activity")
    int activityDays() default 90;

    @AttributeDefinition(name = "Queue members", description = "Who works each queue, queue:user+user (closers:"
            + "ada+grace): a lead routed to a queue with members, without an owner named by the rules or at capture, "
            + "goes to one of them in turn")
    String[] queueMembers() default {};

    @AttributeDefinition(name = "Scoring profiling purpose", description = "The consent purpose the consent gate is "
            + "asked for before a lead linked to a contact is scored, by the lawful basis privacy sets for it (profiling, "
            + "on legitimate interests as shipped: every lead but those whose contact objected); a lead it blocks is not "
            + "seen by the rules and gets the unprofiled grade and queue. Empty to ask nothing")
    String scoringProfilingPurpose() default ConsentGate.PROFILING;

    @AttributeDefinition(name = "Unprofiled grade", description = "The grade of a lead the consent gate keeps from "
            + "the scoring rules (empty: none)")
    String unprofiledGrade() default "";

    @AttributeDefinition(name = "Unprofiled queue", description = "The queue of a lead the consent gate keeps from "
            + "the scoring rules")
    String unprofiledQueue() default "inside-sales";
}
