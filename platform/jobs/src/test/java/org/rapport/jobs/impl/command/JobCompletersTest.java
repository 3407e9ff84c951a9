package org.rapport.jobs.impl.command;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.apache.karaf.shell.api.console.Candidate;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.jobs.Job;
import org.rapport.jobs.impl.JobRunnerImpl;
import org.rapport.jobs.impl.OnePage;
import org.rapport.persistence.impl.DatabaseCluster;
import org.rapport.rest.Roles;
import org.rapport.testing.MutableClock;
import org.rapport.testing.ShellCompletions;
import org.rapport.testing.ShellSessions;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/** Job ids and kinds complete for the roles that may see them, as {@code jobs:list} shows them. */
@Category(UsesDatabase.class)
public class JobCompletersTest {

    @Rule
    public final TestPersistence db = new TestPersistence("jobs-test");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T02:30:00Z"));
    private JobRunnerImpl runner;
    private Job analysts;
    private Job agents;

    @Before
    public void twoKindsWithAJobEach() {
        runner = new JobRunnerImpl(db.dataSource(),
                new DatabaseCluster(db.dataSource(), "node-a", Duration.ofMinutes(1), null, clock), clock, null, Runnable::run);
        runner.addKind(new OnePage("test.analysts", Roles.ANALYST));
        runner.addKind(new OnePage("test.agents", Roles.AGENT));
        analysts = runner.start("test.analysts", "ann");
        agents = runner.start("test.agents", "al");
    }

    @After
    public void stop() {
        runner.deactivate();
    }

    @Test
    public void eachRoleIsOfferedTheJobsAndKindsItMaySee() {
        JobIdCompleter ids = new JobIdCompleter();
        ids.runner = runner;
        JobKindCompleter kinds = new JobKindCompleter();
        kinds.runner = runner;

        assertEquals(List.of(Long.toString(agents.id())), ShellSessions.values(ids, Roles.AGENT, "jobs:show", ""));
        List<Candidate> forAnalysts = ShellSessions.complete(ids, Roles.ANALYST, "jobs:show", "");
        assertEquals(List.of(Long.toString(analysts.id())), forAnalysts.stream().map(Candidate::value).toList());
        assertEquals("test.analysts, DONE", forAnalysts.get(0).descr());
        assertEquals(2, ShellSessions.values(ids, Roles.ADMIN, "jobs:show", "").size());
        assertEquals(List.of(), ShellSessions.values(ids, Roles.PARTNER, "jobs:show", ""));

        assertEquals(List.of("test.agents"), ShellSessions.values(kinds, Roles.AGENT, "jobs:list", "--kind", "test."));
        assertEquals(List.of("test.agents", "test.analysts"),
                ShellSessions.values(kinds, Roles.ADMIN, "jobs:list", "--kind", "").stream().sorted().toList());
    }

    @Test
    public void everyArgumentNamingAJobCompletes() {
        assertEquals(List.of(), ShellCompletions.withoutCompleter(JobsListCommand.class));
    }
}
