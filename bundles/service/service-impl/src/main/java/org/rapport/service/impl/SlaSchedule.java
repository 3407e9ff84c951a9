package org.rapport.service.impl;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.rapport.persistence.Cluster;
import org.rapport.persistence.ScheduledOnce;
import org.rapport.service.api.CaseService;

/**
 * The scheduled SLA check, run by Karaf's scheduler. Registered only while
 * {@code etc/org.rapport.service.sla.cfg} exists; its {@code scheduler.expression} (a Quartz cron
 * expression, every five minutes as shipped) becomes this service's property. With several nodes on
 * one database, every node's scheduler fires it and one node checks ({@link ScheduledOnce}).
 */
@Component(service = Runnable.class, configurationPid = SlaSchedule.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = "scheduler.concurrent:Boolean=false")
public class SlaSchedule extends ScheduledOnce {

    static final String PID = "org.rapport.service.sla";

    private final CaseService cases;

    @Activate
    public SlaSchedule(@Reference CaseService cases, @Reference Cluster cluster) {
        super(cluster, "service.sla-check");
        this.cases = cases;
    }

    @Override
    protected void work() {
        cases.checkTargets();
    }
}
