package org.rapport.retention.impl;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.karaf.shell.api.console.Completer;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.persistence.Transactions;
import org.rapport.persistence.impl.DatabaseCluster;
import org.rapport.rest.Roles;
import org.rapport.retention.api.shell.SweepRunCompleters;
import org.rapport.testing.MutableClock;
import org.rapport.testing.ShellSessions;
import org.rapport.testing.TestPersistence;

/** The sweep completer of the API on the stored sweeps; none is run, so no rules are needed. */
public class SweepRunCompleterTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-retention");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private Completer completer;
    private long first;
    private long second;

    @Before
    public void setUp() {
        completer = SweepRunCompleters.on(new RetentionSweepImpl(db.emf(), null, clock, Runnable::run,
                new DatabaseCluster(db.dataSource(), "node-a", Duration.ofMinutes(1), null, clock)));
        first = stored();
        clock.advance(Duration.ofHours(1));
        second = stored();
    }

    private long stored() {
        return Transactions.inTransaction(db.emf(), em -> {
            SweepRunEntity run = new SweepRunEntity("ana", clock.instant(), 12);
            em.persist(run);
            em.flush();
            return run.toRun().id();
        });
    }

    private List<String> values(String role, String typed) {
        return ShellSessions.values(completer, role, "retention:sweep", "--resume", typed);
    }

    @Test
    public void anAnalystIsOfferedTheSweepsNewestFirst() {
        assertEquals(List.of(Long.toString(second), Long.toString(first)), values(Roles.ANALYST, ""));
        assertEquals(List.of(Long.toString(first)), values(Roles.ADMIN, Long.toString(first)));
    }

    @Test
    public void anAgentIsOfferedNoSweeps() {
        assertEquals(List.of(), values(Roles.AGENT, ""));
    }
}
