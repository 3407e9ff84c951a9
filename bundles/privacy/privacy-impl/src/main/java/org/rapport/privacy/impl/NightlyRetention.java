package org.rapport.privacy.impl;

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
import org.rapport.privacy.api.RetentionRun;
import org.rapport.privacy.api.RetentionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the data-retention rules once a day, at {@link PrivacyConfig#retentionRunAt()}. */
@Component(configurationPid = PrivacyConfig.PID)
public class NightlyRetention {

    private static final Logger LOG = LoggerFactory.getLogger(NightlyRetention.class);

    private final RetentionService retention;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "rapport-privacy-retention");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public NightlyRetention(@Reference RetentionService retention, PrivacyConfig config) {
        this.retention = retention;
        String at = config.retentionRunAt() == null ? "" : config.retentionRunAt().strip();
        if (at.isEmpty()) {
            LOG.info("No scheduled retention run: retentionRunAt in {} is empty", PrivacyConfig.PID);
            return;
        }
        LocalTime time;
        try {
            time = LocalTime.parse(at);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("retentionRunAt in " + PrivacyConfig.PID + " must be HH:mm, not '" + at
                    + "'", e);
        }
        ZonedDateTime now = ZonedDateTime.now();
        ZonedDateTime next = now.with(time);
        long delay = Duration.between(now, next.isAfter(now) ? next : next.plusDays(1)).toMillis();
        timer.scheduleAtFixedRate(this::run, delay, TimeUnit.DAYS.toMillis(1), TimeUnit.MILLISECONDS);
    }

    void run() {
        try {
            RetentionRun run = retention.run(false, "scheduled retention run");
            LOG.info("Scheduled retention run {}: {}", run.id(), RetentionServiceImpl.summary(run));
        } catch (RuntimeException e) {
            // Tomorrow's run tries again; a failure must not cancel the schedule.
            LOG.error("Scheduled retention run failed", e);
        }
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }
}
