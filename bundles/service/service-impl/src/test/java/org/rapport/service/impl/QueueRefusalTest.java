package org.rapport.service.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.contacts.api.NewContact;
import org.rapport.rest.Roles;
import org.rapport.service.api.CaseQuery;
import org.rapport.service.api.CaseValidationException;
import org.rapport.service.api.NewCase;
import org.rapport.service.api.ServiceCase;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * What a refusal says of queues: only those the caller may see. Support and billing are Carol's
 * ({@code queueAccess}), so Erin sees technical only and Frank, a partner's key, none. Opening or
 * moving a case into a queue the caller may not see reads exactly as into one that does not exist,
 * alongside the same other refusals, so the refusal tells nobody a hidden queue is there.
 */
@Category(UsesDatabase.class)
public class QueueRefusalTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-service", "rapport-contacts", "rapport-rules",
            "rapport-loyalty");

    private final Viewer erin = new Viewer("erin", Set.of(Roles.AGENT));
    private final Viewer key = new Viewer("key:shop", Set.of(Roles.PARTNER));
    private final Viewer carol = new Viewer("carol", Set.of(Roles.AGENT));
    private ServiceFixture f;
    private QueueGuard guard;
    private long ada;

    @Before
    public void setUp() {
        desk("support=carol, billing=carol, technical=erin carol");
        ada = f.contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
    }

    /** The desk with these queue permissions. */
    private void desk(String queueAccess) {
        f = new ServiceFixture(db, ServiceFixture.berlin(queueAccess));
        guard = new QueueGuard(f.cases);
    }

    private Map<String, String> opening(String queue, Viewer viewer) {
        return assertThrows(CaseValidationException.class, () -> guard.open(new NewCase("Hello", ada, "email", null,
                queue, null, "Hi"), viewer, viewer.name())).fieldErrors();
    }

    private Map<String, String> moving(long caseId, String queue, Viewer viewer) {
        return assertThrows(CaseValidationException.class, () -> guard.move(caseId, queue, viewer, viewer.name()))
                .fieldErrors();
    }

    @Test
    public void openingIntoAHiddenQueueReadsAsIntoNoQueueAndNamesOnlyTheCallersQueues() {
        assertEquals(Map.of("queue", "'billing' is not a queue; one of technical"), opening("billing", erin));
        assertEquals(Map.of("queue", "'billingx' is not a queue; one of technical"), opening("billingx", erin));
        assertEquals("Carol is told her queues", Map.of("queue", "'x' is not a queue; one of support, billing, technical"),
                opening("x", carol));

        // With other faults too, a hidden queue and no queue are refused alike, and an assignee who may
        // not work the hidden queue is not refused on its account (that would tell the queue is there).
        NewCase hidden = new NewCase("", ada, "fax", "soon", "billing", "dave", "Hi");
        NewCase none = new NewCase("", ada, "fax", "soon", "billingx", "dave", "Hi");
        String refusedHidden = assertThrows(CaseValidationException.class, () -> guard.open(hidden, erin, "erin"))
                .getMessage();
        assertEquals(assertThrows(CaseValidationException.class, () -> guard.open(none, erin, "erin")).getMessage()
                .replace("billingx", "billing"), refusedHidden);
        assertEquals(List.of("subject", "channel", "priority", "queue"), List.copyOf(assertThrows(
                CaseValidationException.class, () -> guard.open(hidden, erin, "erin")).fieldErrors().keySet()));
        assertEquals(0, f.cases.count(CaseQuery.all()));
    }

    @Test
    public void withoutAQueueACaseOpensInTheFirstTheCallerSees() {
        ServiceCase c = guard.open(new NewCase("Hello", ada, "email", null, null, null, "Hi"), erin, "erin");
        assertEquals("support is the first configured, but not Erin's", "technical", c.queue());
        assertEquals("support", guard.open(new NewCase("Hello", ada, "email", null, " ", null, "Hi"), carol, "carol")
                .queue());
        assertEquals("the system opens in the first configured", "support", f.cases.open(new NewCase("Hello", ada,
                "email", null, null, null, "Hi"), "a").queue());
    }

    @Test
    public void aCallerWhoSeesNoQueueIsToldSoWithoutAQueueNamed() {
        assertEquals(Map.of("queue", "is required: there is no queue you may see"), opening(null, key));
        assertEquals(Map.of("queue", "'support' is not a queue; there is no queue you may see"), opening("support", key));
        assertEquals(Map.of("queue", "'nope' is not a queue; there is no queue you may see"), opening("nope", key));
        assertEquals(List.of(), guard.queues(key));
        assertEquals(0, f.cases.count(CaseQuery.all()));
    }

    @Test
    public void movingToAHiddenQueueOrToNoneNamesOnlyTheCallersQueues() {
        desk("billing=carol");
        ServiceCase c = f.cases.open(new NewCase("Hello", ada, "email", null, null, "dave", "Hi"), "a");

        assertEquals(Map.of("queue", "'billing' is not a queue; one of support, technical"), moving(c.id(), "billing", erin));
        assertEquals(Map.of("queue", "'billingx' is not a queue; one of support, technical"),
                moving(c.id(), "billingx", erin));
        assertEquals(Map.of("queue", "is required: one of support, technical"), moving(c.id(), " ", erin));
        assertEquals(Map.of("queue", "is required: one of support, technical"), moving(c.id(), null, erin));
        assertEquals("Carol sees billing, and Dave, the assignee, may not work it",
                Map.of("assignee", "'dave' may not work the queue billing (queueAccess)"), moving(c.id(), "billing", carol));
        assertEquals("support", f.cases.find(c.id()).orElseThrow().queue());
        assertEquals("nothing written", 1, f.cases.thread(c.id()).size());
    }
}
