package org.rapport.sales.impl;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.rapport.persistence.Cluster;
import org.rapport.sales.api.SalesService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduled check of stalled deals, run by Karaf's scheduler (its whiteboard runs every
 * {@code Runnable} service with a {@code scheduler.expression}). Registered only while
 * {@code etc/org.rapport.sales.stalled.cfg} exists; its {@code scheduler.expression} (a Quartz cron
 * expression, every hour as shipped) becomes this service's property. With several nodes on one
 * database, every node's scheduler fires it and one node checks ({@link Cluster#runOnce}).
 */
@Component(service = Runnable.class, configurationPid = StalledDealsSchedule.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = "scheduler.concurrent:Boolean=false")
public class StalledDealsSchedule implements Runnable {

    static final String PID = "org.rapport.sales.stalled";
    private static final Logger LOG = LoggerFactory.getLogger(StalledDealsSchedule.class);

    private final SalesService sales;
    private final Cluster cluster;

    @Activate
    public StalledDealsSchedule(@Reference SalesService sales, @Reference Cluster cluster) {
        this.sales = sales;
        this.cluster = cluster;
    }

    @Override
    public void run() {
        try {
            cluster.runOnce("sales.stalled", sales::checkStalledDeals);
        } catch (RuntimeException e) {
            // The next run tries again; a failure must not cancel the schedule.
            LOG.error("The check of stalled deals did not run: {}", e.getMessage());
        }
    }
}
