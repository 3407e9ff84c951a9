package org.rapport.jobs.impl.rest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.ws.rs.core.SecurityContext;

import org.junit.Rule;
import org.junit.Test;
import org.rapport.jobs.Job;
import org.rapport.jobs.JobKind;
import org.rapport.jobs.JobPage;
import org.rapport.jobs.impl.JobRunnerImpl;
import org.rapport.jobs.impl.OnePage;
import org.rapport.persistence.impl.DatabaseCluster;
import org.rapport.rest.ApiException;
import org.rapport.rest.Roles;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** Who sees which jobs in {@code /api/v1/jobs}: each kind's roles, the administrator all. */
@Category(UsesDatabase.class)
public class JobsResourceTest {

    @Rule
    public final TestPersistence db = new TestPersistence("jobs-test");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T02:30:00Z"));

    @Test
    public void eachCallerSeesTheKindsItsRolesAllowAndTheirReports() {
        JobRunnerImpl runner = new JobRunnerImpl(db.dataSource(),
                new DatabaseCluster(db.dataSource(), "node-a", Duration.ofMinutes(1), null, clock), clock, null,
                Runnable::run);
        runner.addKind(new OnePage("test.analysts", Roles.ANALYST));
        runner.addKind(new Imports());
        JobsResource resource = new JobsResource(runner);
        Job job = runner.start("test.analysts", "ann");
        Job imported = runner.start("test.import", "agnes", "upload-1");

        assertEquals(List.of(imported.id(), job.id()), ids(resource.jobs(null, "20", caller(Roles.ANALYST)).items()));
        assertEquals(List.of(imported.id()), ids(resource.jobs(null, "20", caller(Roles.AGENT)).items()));
        assertEquals(List.of(imported.id(), job.id()), ids(resource.jobs(null, "20", caller(Roles.ADMIN)).items()));
        assertEquals(List.of(job.id()), ids(resource.jobs("test.analysts", "20", caller(Roles.ADMIN)).items()));
        assertEquals(job.id(), resource.job(Long.toString(job.id()), caller(Roles.ANALYST)).get("id"));
        assertEquals("a job of a kind the caller may not see is not there", 404, assertThrows(ApiException.class,
                () -> resource.job(Long.toString(job.id()), caller(Roles.AGENT))).status());
        Map<String, Object> shown = resource.job(Long.toString(imported.id()), caller(Roles.ANALYST));
        assertEquals("upload-1", shown.get("subject"));
        assertEquals("the kind's report beside the job", Map.of("rows", 1), shown.get("report"));
        assertEquals(404, assertThrows(ApiException.class, () -> resource.start("test.analysts", caller(Roles.AGENT)))
                .status());
        assertEquals(409, assertThrows(ApiException.class, () -> resource.cancel(Long.toString(job.id()),
                caller(Roles.ANALYST))).status());
        assertEquals("an analyst sees imports but does not cancel them", 403, assertThrows(ApiException.class,
                () -> resource.cancel(Long.toString(imported.id()), caller(Roles.ANALYST))).status());
        runner.deactivate();
    }

    @Test
    public void aFailedJobIsResumedFromItsCursorByTheRolesOfItsKind() {
        JobRunnerImpl runner = new JobRunnerImpl(db.dataSource(),
                new DatabaseCluster(db.dataSource(), "node-a", Duration.ofMinutes(1), null, clock), clock, null,
                Runnable::run);
        List<String> asked = new ArrayList<>();
        runner.addKind(new Flaky(asked));
        JobsResource resource = new JobsResource(runner);
        long id = runner.start("test.flaky", "ann").id();
        assertEquals(Job.State.FAILED, runner.job(id).orElseThrow().state());

        assertEquals("a job the caller may not see is not there", 404, assertThrows(ApiException.class,
                () -> resource.resume(Long.toString(id), caller(Roles.AGENT))).status());
        assertEquals("who resumed it", "analyst-user", resource.resume(Long.toString(id), caller(Roles.ANALYST)).actor());

        Job done = runner.job(id).orElseThrow();
        assertEquals(Job.State.DONE, done.state());
        assertEquals(2, done.done());
        assertEquals("resumed after its last page, not from the start", List.of("null", "first", "first", "second"), asked);
        assertEquals("a job that ended is not resumed", 409, assertThrows(ApiException.class,
                () -> resource.resume(Long.toString(id), caller(Roles.ANALYST))).status());
        runner.deactivate();
    }

    private static List<Object> ids(List<Job> items) {
        return items.stream().map(j -> (Object) j.id()).toList();
    }

    private static SecurityContext caller(String role) {
        return new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return () -> role + "-user";
            }

            @Override
            public boolean isUserInRole(String r) {
                return r.equals(role);
            }

            @Override
            public boolean isSecure() {
                return true;
            }

            @Override
            public String getAuthenticationScheme() {
                return BASIC_AUTH;
            }
        };
    }

    /** Imports: agents start and cancel them, analysts see them too; each has a report. */
    private static final class Imports implements JobKind {
        @Override
        public String kind() {
            return "test.import";
        }

        @Override
        public String title() {
            return "import";
        }

        @Override
        public Set<String> roles() {
            return Set.of(Roles.AGENT);
        }

        @Override
        public Set<String> viewers() {
            return Set.of(Roles.AGENT, Roles.ANALYST);
        }

        @Override
        public long total() {
            return 1;
        }

        @Override
        public Optional<JobPage> page(Job job, String cursor) {
            return Optional.empty();
        }

        @Override
        public Optional<Object> report(Job job) {
            return Optional.of(Map.of("rows", 1));
        }
    }

    /** Analysts' work of two pages, whose second page fails the first time it is asked for. */
    private record Flaky(List<String> asked) implements JobKind {
        @Override
        public String kind() {
            return "test.flaky";
        }

        @Override
        public String title() {
            return "flaky work";
        }

        @Override
        public Set<String> roles() {
            return Set.of(Roles.ANALYST);
        }

        @Override
        public long total() {
            return 2;
        }

        @Override
        public Optional<JobPage> page(Job job, String cursor) {
            asked.add(String.valueOf(cursor));
            if (cursor == null) {
                return Optional.of(new JobPage("first", 1, 0));
            }
            if (asked.size() == 2) {
                throw new IllegalStateException("the store is down");
            }
            return cursor.equals("first") ? Optional.of(new JobPage("second", 1, 1)) : Optional.empty();
        }
    }
}
