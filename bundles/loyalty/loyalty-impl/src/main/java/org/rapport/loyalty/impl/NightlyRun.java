package org.rapport.loyalty.impl;

import java.time.Clock;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.rapport.loyalty.api.ExpiryRun;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.loyalty.api.TierReevaluation;
import org.rapport.persistence.Cluster;
import org.rapport.persistence.ScheduledOnce;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once a night: expires the points due and starts a tier re-evaluation, so downgrades happen when
 * a member's grace period ends even if they buy nothing. Run by Karaf's scheduler (its whiteboard
 * runs every {@code Runnable} service with a {@code scheduler.expression}); registered only while
 * {@code etc/org.rapport.loyalty.nightly.cfg} exists, whose {@code scheduler.expression} (a Quartz
 * cron expression, 02:30 every day as shipped) becomes this service's property. With several nodes
 * on one database, every node's scheduler fires it and one node runs it ({@link Cluster#runOnce}).
 */
@Component(service = Runnable.class, configurationPid = NightlyRun.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = "scheduler.concurrent:Boolean=false")
public class NightlyRun extends ScheduledOnce {

    static final String PID = "org.rapport.loyalty.nightly";
    private static final Logger LOG = LoggerFactory.getLogger(NightlyRun.class);

    private final LoyaltyService loyalty;
    private final TierReevaluation reevaluation;
    private final Clock clock = Clock.systemUTC();

    @Activate
    public NightlyRun(@Reference LoyaltyService loyalty, @Reference TierReevaluation reevaluation,
            @Reference Cluster cluster) {
        super(cluster, "loyalty.nightly");
        this.loyalty = loyalty;
        this.reevaluation = reevaluation;
    }

    @Override
    protected void work() {
        // Expiry goes on from where a run cut short stopped: it expires what is still due.
        ExpiryRun expired = loyalty.expirePoints(clock.instant());
        LOG.info("Nightly run: {} points of {} members expired", expired.points(), expired.members());
        reevaluation.start("nightly run");
    }
}
