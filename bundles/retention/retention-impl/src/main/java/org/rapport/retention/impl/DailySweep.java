package org.rapport.retention.impl;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.rapport.persistence.Cluster;
import org.rapport.retention.api.RetentionSweep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily sweep, run by Karaf's scheduler (its whiteboard runs every {@code Runnable} service
 * with a {@code scheduler.expression}). Registered only while {@code etc/org.rapport.retention.sweep.cfg}
 * exists; its {@code scheduler.expression} (a Quartz cron expression, default 04:00 every day)
 * becomes this service's property. With several nodes on one database, every node's scheduler
 * fires it and one node starts the sweep ({@link Cluster#runOnce}).
 */
@Component(service = Runnable.class, configurationPid = DailySweep.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = "scheduler.concurrent:Boolean=false")
public class DailySweep implements Runnable {

    static final String PID = "org.rapport.retention.sweep";
    private static final Logger LOG = LoggerFactory.getLogger(DailySweep.class);

    private final RetentionSweep sweep;
    private final Cluster cluster;

    @Activate
    public DailySweep(@Reference RetentionSweep sweep, @Reference Cluster cluster) {
        this.sweep = sweep;
        this.cluster = cluster;
    }

    @Override
    public void run() {
        try {
            cluster.runOnce("retention.sweep", () -> sweep.start("daily sweep"));
        } catch (RuntimeException e) {
            // Tomorrow tries again; a failure must not cancel the schedule.
            LOG.error("The daily retention sweep did not start: {}", e.getMessage());
        }
    }
}
