package org.rapport.offers.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The settings of {@code etc/org.rapport.offers.cfg}. */
@ObjectClassDefinition(name = "Rapport offers", description = "Who may get personalised offers")
public @interface OffersConfig {

    String PID = "org.rapport.offers";

    @AttributeDefinition(name = "Profiling purpose", description = "The consent purpose deciding a customer's offers is "
            + "asked for (profiling on their purchases, tier and segments): a customer the consent gate blocks for it "
            + "gets no personalised offers, and the gate records the block; empty: nobody is asked about")
    String profilingPurpose() default "profiling";
}
