package org.rapport.campaigns.impl;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The campaigns' own limit on their public paths (unsubscribe, tracking), per client address and
 * minute, below the REST server's limit for every public path: each valid request writes, and
 * a client walking tokens is stopped early. Counted in the current minute only; the counts of a
 * minute past are dropped when the next begins, so a flood of addresses holds one minute's keys.
 */
@Component(service = PublicRequests.class, configurationPid = CampaignsConfig.PID)
public class PublicRequests {

    private final int perMinute;
    private final Clock clock;
    private final ConcurrentMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private long minute = Long.MIN_VALUE;

    @Activate
    public PublicRequests(CampaignsConfig config) {
        this(config.publicRequestsPerMinute(), Clock.systemUTC());
    }

    PublicRequests(int perMinute, Clock clock) {
        this.perMinute = Math.max(1, perMinute);
        this.clock = clock;
    }

    /** Counts a request from {@code address}; false once it made its share this minute. */
    public boolean allow(String address) {
        long now = clock.millis() / 60_000;
        synchronized (this) {
            if (now != minute) {
                counts.clear();
                minute = now;
            }
        }
        return counts.computeIfAbsent(address == null ? "unknown" : address, a -> new AtomicInteger())
                .incrementAndGet() <= perMinute;
    }
}
