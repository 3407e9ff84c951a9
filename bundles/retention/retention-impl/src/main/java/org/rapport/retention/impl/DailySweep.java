package org.rapport.retention.impl;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.rapport.persistence.Cluster;
import org.rapport.persistence.ScheduledOnce;
import org.rapport.retention.api.RetentionSweep;

/**
 * The daily sweep, run by Karaf's scheduler (its whiteboard runs every {@code Runnable} service
 * with a {@code scheduler.expression}). Registered only while {@code etc/org.rapport.retention.sweep.cfg}
 * exists; its {@code scheduler.expression} (a Quartz cron expression, default 04:00 every day)
 * becomes this service's property. With several nodes on one database, every node's scheduler
 * fires it and one node starts the sweep ({@link Cluster#runOnce}).
 */
@Component(service = Runnable.class, configurationPid = DailySweep.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = "scheduler.concurrent:Boolean=false")
public class DailySweep extends ScheduledOnce {

    static final String PID = "org.rapport.retention.sweep";

    private final RetentionSweep sweep;

    @Activate
    public DailySweep(@Reference RetentionSweep sweep, @Reference Cluster cluster) {
        super(cluster, "retention.sweep");
        this.sweep = sweep;
    }

    @Override
    protected void work() {
        sweep.start("daily sweep");
    }
}
