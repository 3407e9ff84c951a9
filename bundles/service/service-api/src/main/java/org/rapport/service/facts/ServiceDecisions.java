package org.rapport.service.facts;

/**
 * The decisions the service desk applies, by type, with the attributes each carries. Their subject
 * is the case's {@code case:<id>} ({@link CaseProfile#getSubject()}). Several rules may set a
 * target for one case: the one falling due first counts, and it is that decision which goes to the
 * ledger.
 */
public final class ServiceDecisions {

    /** The rule package the service desk evaluates. */
    public static final String RULE_PACKAGE = "service";

    /** The first reply is due within {@value #HOURS} hours on the {@value #CLOCK} clock. */
    public static final String FIRST_RESPONSE = "service.first-response";

    /** The case is to be resolved within {@value #HOURS} hours on the {@value #CLOCK} clock. */
    public static final String RESOLUTION = "service.resolution";

    /** Attribute: how many hours (a whole number above 0). */
    public static final String HOURS = "hours";

    /** Attribute: {@value #BUSINESS} (the default: only the configured business hours count) or {@value #CALENDAR}. */
    public static final String CLOCK = "clock";

    /** Only business hours count (etc/org.rapport.service.cfg: weekdays, opening and closing time, time zone). */
    public static final String BUSINESS = "business";

    /** Every hour counts, nights and weekends too. */
    public static final String CALENDAR = "calendar";

    private ServiceDecisions() {
    }
}
