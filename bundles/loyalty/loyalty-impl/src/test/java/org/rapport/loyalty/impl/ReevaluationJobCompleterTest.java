package org.rapport.loyalty.impl;

import static org.junit.Assert.assertEquals;

import java.time.Instant;
import java.util.List;

import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.Completer;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.loyalty.api.shell.ReevaluationJobCompleters;
import org.rapport.rest.Roles;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.rules.impl.JpaDecisionLedger;
import org.rapport.testing.MutableClock;
import org.rapport.testing.ShellSessions;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** The job completer of the API on real jobs, with no member to judge. */
@Category(UsesDatabase.class)
public class ReevaluationJobCompleterTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-loyalty", "rapport-rules");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private Completer completer;
    private TierReevaluationImpl reevaluation;

    @Before
    public void setUp() {
        reevaluation = TierReevaluationTest.onRunner(db, new DroolsRulesEngine(),
                new JpaDecisionLedger(db.emf("rapport-rules")), clock, 50);
        completer = ReevaluationJobCompleters.on(reevaluation);
    }

    private long runToEnd() {
        return TierReevaluationTest.runToEnd(reevaluation, "ana").id();
    }

    private List<Candidate> complete(String role, String typed) {
        return ShellSessions.complete(completer, role, "loyalty:reevaluate", "--status", typed);
    }

    @Test
    public void anAnalystIsOfferedTheJobsNewestFirst() throws InterruptedException {
        long first = runToEnd();
        long second = runToEnd();

        List<Candidate> offered = complete(Roles.ANALYST, "");

        assertEquals(List.of(Long.toString(second), Long.toString(first)), offered.stream().map(Candidate::value).toList());
        assertEquals(second + "  DONE", offered.get(0).displ());
        assertEquals(List.of(Long.toString(first)), complete(Roles.ADMIN, Long.toString(first)).stream()
                .map(Candidate::value).toList());
    }

    @Test
    public void anAgentIsOfferedNoJobs() throws InterruptedException {
        runToEnd();

        assertEquals(List.of(), complete(Roles.AGENT, ""));
    }
}
