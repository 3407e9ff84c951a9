package org.rapport.segments.impl;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.rapport.persistence.Cluster;
import org.rapport.persistence.ScheduledOnce;
import org.rapport.segments.api.SegmentService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nightly scoring and refresh of segments ({@link SegmentService#refreshAll}), run by Karaf's
 * scheduler. Registered only while {@code etc/org.rapport.contacts.segments.nightly.cfg} exists; its
 * {@code scheduler.expression} (a Quartz cron expression) becomes this service's property. With
 * several nodes on one database, every node's scheduler fires it and one node runs it
 * ({@link Cluster#runOnce}).
 */
@Component(service = Runnable.class, configurationPid = NightlySegments.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = "scheduler.concurrent:Boolean=false")
public class NightlySegments extends ScheduledOnce {

    static final String PID = "org.rapport.contacts.segments.nightly";
    private static final Logger LOG = LoggerFactory.getLogger(NightlySegments.class);

    private final SegmentService segments;

    @Activate
    public NightlySegments(@Reference SegmentService segments, @Reference Cluster cluster) {
        super(cluster, "segments.nightly");
        this.segments = segments;
    }

    @Override
    protected void work() {
        LOG.info("Nightly segments: {} refreshed", segments.refreshAll().size());
    }
}
