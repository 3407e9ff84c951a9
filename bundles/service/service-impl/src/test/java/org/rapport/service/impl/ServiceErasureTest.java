package org.rapport.service.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.contacts.api.NewContact;
import org.rapport.service.api.CaseEntry;
import org.rapport.service.api.CaseQuery;
import org.rapport.service.api.NewCase;
import org.rapport.service.api.ServiceCase;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/** A contact's cases exported with their threads, then anonymised by erasure, leaving other contacts' cases alone. */
@Category(UsesDatabase.class)
public class ServiceErasureTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-service", "rapport-contacts", "rapport-rules",
            "rapport-loyalty");

    @Test
    @SuppressWarnings("unchecked")
    public void aContactsCasesAreExportedThenAnonymisedWithTheirDecisions() {
        ServiceFixture f = new ServiceFixture(db, ServiceFixture.berlin()).withShippedRules();
        long ada = f.contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        long bob = f.contacts.create(new NewContact("bob@example.com", "Bob", null)).id();
        ServiceCase hers = f.cases.open(new NewCase("Ada's card 4111 lost", ada, "phone", null, null, null,
                "I am Ada Lovelace, my card is lost"), "agent1");
        f.cases.reply(hers.id(), "Blocked it, Ada", "agent1");
        f.cases.note(hers.id(), "Called from +44 20 7946 0001", "agent1");
        ServiceCase his = f.cases.open(new NewCase("Bob's question", bob, "email", null, null, null, "Hello"), "agent2");
        ServiceErasure erasure = new ServiceErasure(db.emf("rapport-service"), f.ledger, f.cases);

        Map<String, Object> export = erasure.export(ada);
        List<Map<String, Object>> cases = (List<Map<String, Object>>) export.get("cases");
        assertEquals(1, cases.size());
        assertEquals("Ada's card 4111 lost", cases.get(0).get("subject"));
        List<Map<String, Object>> thread = (List<Map<String, Object>>) cases.get(0).get("thread");
        assertEquals(List.of("message", "reply", "note"), thread.stream().map(e -> e.get("kind")).toList());
        assertEquals("Called from +44 20 7946 0001", thread.get(2).get("text"));

        assertEquals("1 case(s) anonymised: subject and the text of 3 entries erased, 2 decision(s) about them deleted "
                + "(queues, statuses, times and targets kept)", erasure.erase(ada));
        ServiceCase erased = f.cases.find(hers.id()).orElseThrow();
        assertEquals("(erased)", erased.subject());
        assertNull(erased.contactId());
        assertEquals("support", erased.queue());
        assertEquals(hers.firstResponseDue(), erased.firstResponseDue());
        assertTrue(f.cases.thread(hers.id()).stream().map(CaseEntry::text).allMatch("(erased)"::equals));
        assertEquals(List.of(), f.ledger.about(hers.decisionSubject(), 10));
        assertEquals(0, f.cases.count(new CaseQuery(null, null, null, ada)));
        assertEquals(List.of(), ((List<?>) erasure.export(ada).get("cases")));
        assertEquals("running it again finds nothing", "0 case(s) anonymised: subject and the text of 0 entries erased, "
                + "0 decision(s) about them deleted (queues, statuses, times and targets kept)", erasure.erase(ada));

        assertEquals("Bob's question", f.cases.find(his.id()).orElseThrow().subject());
        assertEquals("Hello", f.cases.thread(his.id()).get(0).text());
        assertEquals(2, f.ledger.about(his.decisionSubject(), 10).size());
    }
}
