package org.rapport.events.impl;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import org.rapport.persistence.impl.DatabaseCluster;

/** An events service on a test database, for the tests of the shell and REST packages and of bundles reading the outbox. */
public final class TestEvents {

    private TestEvents() {
    }

    public static EventsService open(DataSource dataSource, Clock clock) {
        return new EventsService(dataSource, new DatabaseCluster(dataSource, "node-a", Duration.ofMinutes(1), null, clock),
                clock, Settings.defaults(false, false, true), new Secrets(new byte[32]), InetAddress::getAllByName, event -> { });
    }

    /** Takes what the capabilities recorded into the outbox, as the delivering node does; answers how many. */
    public static int take(EventsService events) {
        return events.take();
    }
}
