package org.rapport.privacy.impl;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.rapport.persistence.Cluster;
import org.rapport.persistence.ScheduledOnce;
import org.rapport.privacy.api.DataRetentionRun;
import org.rapport.privacy.api.DataRetentionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled data-retention run, run by Karaf's scheduler (its whiteboard runs every
 * {@code Runnable} service with a {@code scheduler.expression}). Registered only while
 * {@code etc/org.rapport.privacy.retention.cfg} exists; its {@code scheduler.expression} (a Quartz
 * cron expression, 03:30 every day as shipped) becomes this service's property. With several nodes
 * on one database, every node's scheduler fires it and one node runs it ({@link Cluster#runOnce});
 * a run cut short is run again, which applies the policies to what is still due.
 */
@Component(service = Runnable.class, configurationPid = NightlyDataRetention.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = "scheduler.concurrent:Boolean=false")
public class NightlyDataRetention extends ScheduledOnce {

    static final String PID = "org.rapport.privacy.retention";
    private static final Logger LOG = LoggerFactory.getLogger(NightlyDataRetention.class);

    private final DataRetentionService retention;

    @Activate
    public NightlyDataRetention(@Reference DataRetentionService retention, @Reference Cluster cluster) {
        super(cluster, "privacy.retention");
        this.retention = retention;
    }

    @Override
    protected void work() {
        DataRetentionRun run = retention.run(false, "scheduled retention run");
        LOG.info("Scheduled retention run {}: {}", run.id(), DataRetentionServiceImpl.summary(run));
    }
}
