package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.rapport.rest.Roles;

import com.fasterxml.jackson.databind.JsonNode;

/** The platform's job runner over HTTP and in the shell: one shape for every kind, each kind to its roles. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class JobsRestIT extends HttpTestSupport {

    @Test
    public void aReevaluationStartedAsAJobIsSeenInBothViewsByTheRolesItAllows() {
        String analyst = basic(Roles.ANALYST);
        Reply started = call("POST", "/jobs/loyalty.reevaluation", analyst, null);
        assertTrue(started.body(), started.status() == 202 || started.status() == 409);
        JsonNode newest = call("GET", "/jobs?kind=loyalty.reevaluation&limit=1", analyst, null).json().get("items").get(0);
        long id = newest.get("id").asLong();
        assertEquals(newest.toString(), "loyalty.reevaluation", newest.get("kind").asText());
        await("the job ends", () -> !"RUNNING".equals(call("GET", "/jobs/" + id, analyst, null).json().path("state")
                .asText()));

        JsonNode job = call("GET", "/jobs/" + id, analyst, null).json();
        JsonNode asLoyalty = call("GET", "/loyalty/reevaluations/" + id, analyst, null).json();
        assertEquals(job.toString(), "DONE", job.get("state").asText());
        assertEquals(asLoyalty.toString(), job.get("done").asLong(), asLoyalty.get("evaluated").asLong());
        assertEquals(asLoyalty.toString(), "DONE", asLoyalty.get("state").asText());
        assertEquals("an agent does not see re-evaluations", 404, call("GET", "/jobs/" + id, basic(Roles.AGENT), null)
                .status());
        assertEquals("nor starts one", 404, call("POST", "/jobs/loyalty.reevaluation", basic(Roles.AGENT), null).status());
        assertEquals("an ended job is not cancelled", 409, call("POST", "/jobs/" + id + "/cancel", analyst, null).status());
        String listed = executeAs("jobs:list --kind loyalty.reevaluation", Roles.ANALYST);
        assertTrue(listed, listed.contains(id + " ") && listed.contains("DONE"));
    }
}
