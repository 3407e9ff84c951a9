package org.rapport.retention.impl;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.karaf.shell.api.console.Completer;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.jobs.Job;
import org.rapport.jobs.JobKind;
import org.rapport.jobs.JobPage;
import org.rapport.jobs.impl.JobRunnerImpl;
import org.rapport.persistence.impl.DatabaseCluster;
import org.rapport.rest.Roles;
import org.rapport.retention.api.shell.SweepRunCompleters;
import org.rapport.testing.MutableClock;
import org.rapport.testing.ShellSessions;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/**
 * The sweep completer of the API on sweeps run by the job runner: sweeps of no customer, so that no
 * rules are needed.
 */
@Category(UsesDatabase.class)
public class SweepRunCompleterTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-retention");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private Completer completer;
    private long first;
    private long second;

    @Before
    public void setUp() {
        JobRunnerImpl runner = new JobRunnerImpl(db.dataSource(),
                new DatabaseCluster(db.dataSource(), "node-a", Duration.ofMinutes(1), null, clock), clock, null,
                Runnable::run);
        runner.addKind(new NoCustomers());
        RetentionSweepImpl sweeps = new RetentionSweepImpl(runner, db.emf());
        completer = SweepRunCompleters.on(sweeps);
        first = sweeps.start("ana").id();
        clock.advance(Duration.ofHours(1));
        second = sweeps.start("ana").id();
    }

    /** A sweep of a retention programme with no customer yet: it ends at its first page. */
    private static final class NoCustomers implements JobKind {
        @Override
        public String kind() {
            return RetentionSweepPages.KIND;
        }

        @Override
        public String title() {
            return "retention sweep";
        }

        @Override
        public Set<String> roles() {
            return Set.of(Roles.ANALYST);
        }

        @Override
        public long total() {
            return 0;
        }

        @Override
        public Optional<JobPage> page(Job job, String cursor) {
            return Optional.empty();
        }
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
