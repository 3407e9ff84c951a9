package org.rapport.retention.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Retention's settings: {@code etc/org.rapport.retention.cfg}. */
@ObjectClassDefinition(name = "Rapport retention", description = "When customers are evaluated for retention")
public @interface RetentionConfig {

    String PID = "org.rapport.retention";

    @AttributeDefinition(description = "Whether complaints, feedback, support cases and purchases have the customer "
            + "evaluated as they arrive")
    boolean evaluateOnEvents() default true;

    @AttributeDefinition(description = "A consent purpose (such as profiling) a customer must have granted to be "
            + "evaluated at all, asked of the consent gate; empty to evaluate every customer (legitimate interest)")
    String profilingPurpose() default "";
}
