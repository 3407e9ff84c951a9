package org.rapport.offers.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The settings of {@code etc/org.rapport.offers.cfg}. */
@ObjectClassDefinition(name = "Rapport offers", description = "Who may get personalised offers, and "
        + "how plugins' offer sources are called")
public @interface OffersConfig {

    String PID = "org.rapport.offers";

    @AttributeDefinition(name = "Profiling purpose", description = "The consent purpose deciding a customer's offers is "
            + "asked for (profiling on their purchases, tier and segments): a customer the consent gate blocks for it "
            + "gets no personalised offers, and the gate records the block; empty: nobody is asked about")
    String profilingPurpose() default "profiling";

    @AttributeDefinition(name = "Offer source budget (ms)", description = "How long a plugin's offer source may take "
            + "to propose offers for one customer; a source that takes longer proposes nothing that time")
    int sourceBudgetMillis() default 200;

    @AttributeDefinition(name = "Suspend an offer source after (faults)", description = "Faults in a row (failing or "
            + "overrunning its budget) after which an offer source is suspended until an administrator resumes it "
            + "(plugins:resume offer-source <name>)")
    int suspendSourceAfterFaults() default 5;
}
