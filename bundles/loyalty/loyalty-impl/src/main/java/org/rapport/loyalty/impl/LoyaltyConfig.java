package org.rapport.loyalty.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The loyalty programme's settings, in {@code etc/org.rapport.loyalty.cfg}. */
@ObjectClassDefinition(name = "Rapport loyalty programme", description = "Currency and points expiry")
public @interface LoyaltyConfig {

    String PID = "org.rapport.loyalty";

    @AttributeDefinition(description = "The programme's currency (ISO 4217); purchases in another currency are refused")
    String currency() default "EUR";

    @AttributeDefinition(description = "Months after which earned points expire, counted from the day they were earned")
    int pointsExpireAfterMonths() default 24;

    @AttributeDefinition(description = "The contact property (a date) holding a member's date of birth, handed to the "
            + "earning rules as Purchase.birthDate; empty for none")
    String birthDateProperty() default "birthDate";

    @AttributeDefinition(description = "Where the programme requires it, the consent purpose (such as profiling) the "
            + "consent gate is asked for before a member's tier is decided; a member it blocks (one who objected) keeps "
            + "their tier and grace period, and the block is recorded. Empty (as shipped) to ask nothing: tiers are "
            + "part of the programme the member joined")
    String tierProfilingPurpose() default "";
}
