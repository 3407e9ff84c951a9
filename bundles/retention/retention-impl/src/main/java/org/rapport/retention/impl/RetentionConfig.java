package org.rapport.retention.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapport.privacy.spi.ConsentGate;

/** Retention's settings: {@code etc/org.rapport.retention.cfg}. */
@ObjectClassDefinition(name = "Rapport retention", description = "When customers are evaluated for retention")
public @interface RetentionConfig {

    String PID = "org.rapport.retention";

    @AttributeDefinition(description = "Whether complaints, feedback, support cases and purchases have the customer "
            + "evaluated as they arrive")
    boolean evaluateOnEvents() default true;

    @AttributeDefinition(description = "The consent purpose the consent gate is asked for before a customer is "
            + "evaluated, by the lawful basis privacy sets for it (profiling, on legitimate interests as shipped: every "
            + "customer but those who objected); a customer it blocks is not evaluated and their open tasks are "
            + "cancelled. Empty to ask nothing")
    String profilingPurpose() default ConsentGate.PROFILING;
}
