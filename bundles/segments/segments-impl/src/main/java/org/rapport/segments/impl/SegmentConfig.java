package org.rapport.segments.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Segments' settings, in {@code etc/org.rapport.contacts.segments.cfg}. */
@ObjectClassDefinition(name = "Rapport segments", description = "RFM scoring and how often changed contacts are checked")
public @interface SegmentConfig {

    String PID = "org.rapport.contacts.segments";

    @AttributeDefinition(description = "Days of purchases RFM scores are computed from")
    int rfmWindowDays() default 365;

    @AttributeDefinition(description = "Only purchases in this currency (ISO 4217) count towards RFM and spent; "
            + "empty for every purchase")
    String rfmCurrency() default "";

    @AttributeDefinition(description = "Seconds between two checks of the contacts changed since the last one")
    int checkEverySeconds() default 2;
}
