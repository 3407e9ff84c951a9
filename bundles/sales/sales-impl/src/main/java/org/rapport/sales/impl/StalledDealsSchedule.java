package org.rapport.sales.impl;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.rapport.persistence.Cluster;
import org.rapport.persistence.ScheduledOnce;
import org.rapport.sales.api.SalesService;

/**
 * The scheduled check of stalled deals, run by Karaf's scheduler. Registered only while
 * {@code etc/org.rapport.sales.stalled.cfg} exists; its {@code scheduler.expression} (a Quartz cron
 * expression, every hour as shipped) becomes this service's property. With several nodes on one
 * database, every node's scheduler fires it and one node checks ({@link ScheduledOnce}).
 */
@Component(service = Runnable.class, configurationPid = StalledDealsSchedule.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = "scheduler.concurrent:Boolean=false")
public class StalledDealsSchedule extends ScheduledOnce {

    static final String PID = "org.rapport.sales.stalled";

    private final SalesService sales;

    @Activate
    public StalledDealsSchedule(@Reference SalesService sales, @Reference Cluster cluster) {
        super(cluster, "sales.stalled");
        this.sales = sales;
    }

    @Override
    protected void work() {
        sales.checkStalledDeals();
    }
}
