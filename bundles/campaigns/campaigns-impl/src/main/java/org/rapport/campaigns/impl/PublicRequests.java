package org.rapport.campaigns.impl;

import java.time.Clock;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.rapport.rest.MinuteWindow;

/**
 * The campaigns' own limit on their public paths (unsubscribe, tracking), per client address and
 * minute, below the REST server's limit for every public path: each valid request writes, and
 * a client walking tokens is stopped early ({@link MinuteWindow}).
 */
@Component(service = PublicRequests.class, configurationPid = CampaignsConfig.PID)
public class PublicRequests {

    private volatile MinuteWindow window;
    private final Clock clock;

    @Activate
    public PublicRequests(CampaignsConfig config) {
        this(config.publicRequestsPerMinute(), Clock.systemUTC());
    }

    /** A new limit while running (the REST resources that hold this one stay served); this minute's counts start over. */
    @Modified
    void modified(CampaignsConfig config) {
        this.window = new MinuteWindow(Math.max(1, config.publicRequestsPerMinute()));
    }

    PublicRequests(int perMinute, Clock clock) {
        this.window = new MinuteWindow(Math.max(1, perMinute));
        this.clock = clock;
    }

    /** Counts a request from {@code address}; false once it made its share this minute. */
    public boolean allow(String address) {
        return window.tryAcquire(address == null ? "unknown" : address, clock.millis());
    }
}
