package org.rapport.campaigns.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The settings of {@code etc/org.rapport.campaigns.cfg}. */
@ObjectClassDefinition(name = "Rapport campaigns", description = "Links in messages, tracking, conversions, quiet "
        + "hours' time zone and the sending job's watch")
public @interface CampaignsConfig {

    String PID = "org.rapport.campaigns";

    @AttributeDefinition(name = "Public address", description = "The https address customers reach this server's REST "
            + "API at, without /api/v1: unsubscribe links are <publicUrl>/api/v1/unsubscribe/<token>, tracked ones "
            + "<publicUrl>/api/v1/track/...; without one, no campaign is launched")
    String publicUrl() default "";

    @AttributeDefinition(name = "Plain HTTP on loopback", description = "Lets publicUrl be http:// to this machine "
            + "(localhost, 127.0.0.1, ::1) for tests; never for customers")
    boolean loopbackHttp() default false;

    @AttributeDefinition(name = "Tracking purpose", description = "The consent purpose opens and clicks are tracked "
            + "for: only contacts the consent gate lets through for it get a tracking pixel and tracked links")
    String trackingPurpose() default "tracking";

    @AttributeDefinition(name = "Conversion window (days)", description = "A purchase by a recipient within this many "
            + "days after the message was sent counts as a conversion of the campaign, with its amount as revenue")
    int conversionDays() default 7;

    @AttributeDefinition(name = "Time zone", description = "The local time the campaigns rules see (quiet hours) "
            + "for a contact without a time zone of their own (the contact's timeZone), an IANA zone such as "
            + "Europe/Paris")
    String timeZone() default "UTC";

    @AttributeDefinition(name = "Public requests a minute per address", description = "How many unsubscribe and "
            + "tracking requests one client address may make a minute; more are answered 429")
    int publicRequestsPerMinute() default 30;

    @AttributeDefinition(name = "Highest send rate (messages a minute)", description = "The most messages a minute "
            + "any campaign sends, set by the administrator to what the mail server takes (1 to 600,000): a campaign "
            + "is defined with a ratePerMinute of at most this, and one defined before it was lowered is sent at this")
    int maxRatePerMinute() default 60_000;

    @AttributeDefinition(name = "Watch every (seconds)", description = "How often each node looks for campaigns due "
            + "to start or go on and starts the sending job when none runs")
    int watchSeconds() default 30;

    @AttributeDefinition(name = "Test recipients", description = "Whose own address tests of a campaign go to: "
            + "user=contactId pairs (ana=17), each the contact that holds that person's own address; a person "
            + "without one sends no tests")
    String[] testContacts() default {};

    @AttributeDefinition(name = "Tests a minute per person", description = "How many tests of campaigns one "
            + "person may send a minute; more are answered 429")
    int testsPerMinute() default 5;
}
