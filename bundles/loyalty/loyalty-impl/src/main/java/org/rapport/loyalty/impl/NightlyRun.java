package org.rapport.loyalty.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.rapport.loyalty.api.ExpiryRun;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.loyalty.api.TierReevaluation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Once a day, at {@link LoyaltyConfig#nightlyRunAt()}: expires the points due and starts a tier
 * re-evaluation, so downgrades happen when a member's grace period ends even if they buy nothing.
 */
@Component(configurationPid = LoyaltyConfig.PID)
public class NightlyRun {

    private static final Logger LOG = LoggerFactory.getLogger(NightlyRun.class);

    private final LoyaltyService loyalty;
    private final TierReevaluation reevaluation;
    private final ScheduledExecutorService timer;
    private final Clock clock = Clock.systemDefaultZone();

    @Activate
    public NightlyRun(@Reference LoyaltyService loyalty, @Reference TierReevaluation reevaluation, LoyaltyConfig config) {
        this.loyalty = loyalty;
        this.reevaluation = reevaluation;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rapport-loyalty-nightly");
            t.setDaemon(true);
            return t;
        });
        String at = config.nightlyRunAt() == null ? "" : config.nightlyRunAt().trim();
        if (at.isEmpty()) {
            LOG.info("No nightly loyalty run: {} is empty", "nightlyRunAt");
            return;
        }
        LocalTime time;
        try {
            time = LocalTime.parse(at);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("nightlyRunAt in " + LoyaltyConfig.PID + " must be HH:mm, not '" + at + "'", e);
        }
        long delay = untilNext(ZonedDateTime.now(clock), time).toMillis();
        timer.scheduleAtFixedRate(this::run, delay, TimeUnit.DAYS.toMillis(1), TimeUnit.MILLISECONDS);
        LOG.info("Nightly loyalty run at {} (next in {} min)", time, delay / 60_000);
    }

    static Duration untilNext(ZonedDateTime now, LocalTime at) {
        ZonedDateTime next = now.with(at);
        if (!next.isAfter(now)) {
            next = next.plusDays(1);
        }
        return Duration.between(now, next);
    }

    void run() {
        try {
            ExpiryRun expired = loyalty.expirePoints(clock.instant());
            LOG.info("Nightly run: {} points of {} members expired", expired.points(), expired.members());
            reevaluation.start("nightly run");
        } catch (RuntimeException e) {
            // The next night tries again; a failure must not cancel the schedule.
            LOG.error("Nightly loyalty run failed", e);
        }
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }
}
