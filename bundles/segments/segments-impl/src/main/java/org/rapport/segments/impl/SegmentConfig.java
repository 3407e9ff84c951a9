package org.rapport.segments.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapport.privacy.spi.ConsentGate;

/** Segments' settings, in {@code etc/org.rapport.contacts.segments.cfg}. */
@ObjectClassDefinition(name = "Rapport segments", description = "RFM scoring, the consent purpose profiling asks for, and how often changed contacts are checked")
public @interface SegmentConfig {

    String PID = "org.rapport.contacts.segments";

    @AttributeDefinition(description = "Days of purchases RFM scores are computed from")
    int rfmWindowDays() default 365;

    @AttributeDefinition(description = "Only purchases in this currency (ISO 4217) count towards RFM and spent; "
            + "empty for every purchase")
    String rfmCurrency() default "";

    @AttributeDefinition(description = "The consent purpose the consent gate is asked for before a contact joins a "
            + "marketing segment or gets RFM scores, by the lawful basis privacy sets for it (profiling, on legitimate "
            + "interests as shipped: everyone but those who objected); empty to ask nothing")
    String profilingPurpose() default ConsentGate.PROFILING;

    @AttributeDefinition(description = "Seconds between two checks of the contacts changed since the last one")
    int checkEverySeconds() default 2;
}
