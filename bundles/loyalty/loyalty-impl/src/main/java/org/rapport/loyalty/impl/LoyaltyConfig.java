package org.rapport.loyalty.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The loyalty programme's settings, in {@code etc/org.rapport.loyalty.cfg}. */
@ObjectClassDefinition(name = "Rapport loyalty programme", description = "Currency, points expiry and the nightly jobs")
public @interface LoyaltyConfig {

    String PID = "org.rapport.loyalty";

    @AttributeDefinition(description = "The programme's currency (ISO 4217); purchases in another currency are refused")
    String currency() default "EUR";

    @AttributeDefinition(description = "Months after which earned points expire, counted from the day they were earned")
    int pointsExpireAfterMonths() default 24;

    @AttributeDefinition(description = "When the nightly run expires points and re-evaluates every member's tier, "
            + "as HH:mm in the server's time zone; empty for no nightly run")
    String nightlyRunAt() default "02:30";
}
