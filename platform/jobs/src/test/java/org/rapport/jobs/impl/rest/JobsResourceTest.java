package org.rapport.jobs.impl.rest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
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
import org.rapport.jobs.JobSource;
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
    public void eachCallerSeesTheKindsItsRolesAllowAndTheSourcesBeside() {
        JobRunnerImpl runner = new JobRunnerImpl(db.dataSource(),
                new DatabaseCluster(db.dataSource(), "node-a", Duration.ofMinutes(1), null, clock), clock, null,
                Runnable::run);
        runner.addKind(new OnePage("test.analysts", Roles.ANALYST));
        JobsResource resource = new JobsResource(runner);
        resource.addSource(new Imports());
        Job job = runner.start("test.analysts", "ann");

        assertEquals(List.of(job.id(), "i-1"), ids(resource.jobs(null, "20", caller(Roles.ANALYST)).items()));
        assertEquals(List.of("i-1"), ids(resource.jobs(null, "20", caller(Roles.AGENT)).items()));
        assertEquals(List.of(job.id(), "i-1"), ids(resource.jobs(null, "20", caller(Roles.ADMIN)).items()));
        assertEquals(List.of(job.id()), ids(resource.jobs("test.analysts", "20", caller(Roles.ADMIN)).items()));
        assertEquals(job.id(), ((Job) resource.job(Long.toString(job.id()), caller(Roles.ANALYST))).id());
        assertEquals("a job of a kind the caller may not see is not there", 404, assertThrows(ApiException.class,
                () -> resource.job(Long.toString(job.id()), caller(Roles.AGENT))).status());
        assertEquals(Map.of("id", "i-1"), resource.job("i-1", caller(Roles.AGENT)));
        assertEquals(404, assertThrows(ApiException.class, () -> resource.start("test.analysts", caller(Roles.AGENT)))
                .status());
        assertEquals(409, assertThrows(ApiException.class, () -> resource.cancel(Long.toString(job.id()),
                caller(Roles.ANALYST))).status());
        runner.deactivate();
    }

    private static List<Object> ids(List<Object> items) {
        return items.stream().map(i -> i instanceof Job j ? (Object) j.id() : ((Map<?, ?>) i).get("id")).toList();
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

    /** Imports agents may see, one of them. */
    private static final class Imports implements JobSource {
        @Override
        public String kind() {
            return "test.import";
        }

        @Override
        public Set<String> roles() {
            return Set.of(Roles.AGENT, Roles.ANALYST);
        }

        @Override
        public List<Map<String, String>> jobs(int limit) {
            return List.of(Map.of("id", "i-1"));
        }

        @Override
        public Optional<Map<String, String>> job(String id) {
            return id.equals("i-1") ? Optional.of(Map.of("id", "i-1")) : Optional.empty();
        }
    }
}
