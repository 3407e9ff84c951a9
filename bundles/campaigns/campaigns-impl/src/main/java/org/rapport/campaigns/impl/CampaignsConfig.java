package org.rapport.campaigns.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The settings of {@code etc/org.rapport.campaigns.cfg}. */
@ObjectClassDefinition(name = "Rapport campaigns", description = "Unsubscribe links and the sending job's watch")
public @interface CampaignsConfig {

    String PID = "org.rapport.campaigns";

    @AttributeDefinition(name = "Public address", description = "The address customers reach this server's REST API "
            + "at, without /api/v1: unsubscribe links are <publicUrl>/api/v1/unsubscribe/<token>")
    String publicUrl() default "http://localhost:8181";

    @AttributeDefinition(name = "Watch every (seconds)", description = "How often each node looks for campaigns due "
            + "to start or go on and starts the sending job when none runs")
    int watchSeconds() default 30;
}
