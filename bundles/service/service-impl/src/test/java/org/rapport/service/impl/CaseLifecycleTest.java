package org.rapport.service.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.ws.rs.core.SecurityContext;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.NewContact;
import org.rapport.service.api.CaseEntry;
import org.rapport.rest.ApiException;
import org.rapport.rest.Roles;
import org.rapport.service.api.CasePriority;
import org.rapport.service.api.CaseQuery;
import org.rapport.service.api.CaseStatus;
import org.rapport.service.api.CaseValidationException;
import org.rapport.service.api.EntryKind;
import org.rapport.service.api.NewCase;
import org.rapport.service.api.ServiceCase;
import org.rapport.service.impl.rest.CasesResource;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/** A case's life on Derby: opened, answered, noted, assigned, moved, refused where its status forbids, on the timeline. */
@Category(UsesDatabase.class)
public class CaseLifecycleTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-service", "rapport-contacts", "rapport-rules",
            "rapport-loyalty");

    private ServiceFixture f;
    private long ada;

    @Before
    public void setUp() {
        f = new ServiceFixture(db, ServiceFixture.berlin()).withShippedRules();
        ada = f.contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
    }

    private ServiceCase open(String channel, String queue) {
        return f.cases.open(new NewCase("Parcel never arrived", ada, channel, null, queue, null,
                "Order 17 has not arrived.\nCan you help?"), "agent1");
    }

    @Test
    public void aCaseIsOpenedAnsweredNotedResolvedReopenedAndClosedWithEveryEntryOnTheTimeline() {
        ServiceCase opened = open("chat", null);
        assertEquals(CaseStatus.NEW, opened.status());
        assertEquals("the first configured queue", "support", opened.queue());
        assertEquals("chat", opened.channel());

        f.clock.advance(Duration.ofMinutes(20));
        CaseEntry reply = f.cases.reply(opened.id(), "It is on its way: tracking <b>ZX-1</b>.", "agent1");
        ServiceCase answered = f.cases.find(opened.id()).orElseThrow();
        assertEquals("the first reply opens a new case", CaseStatus.OPEN, answered.status());
        assertEquals(reply.createdAt(), answered.firstResponseAt());
        f.clock.advance(Duration.ofMinutes(5));
        f.cases.reply(opened.id(), "Second reply", "agent2");
        assertEquals("the first response stays the first", reply.createdAt(),
                f.cases.find(opened.id()).orElseThrow().firstResponseAt());
        f.cases.note(opened.id(), "Courier is slow this week", "agent1");
        f.cases.transition(opened.id(), CaseStatus.PENDING, "agent1");
        f.cases.message(opened.id(), "Still nothing.", "email gateway");
        assertEquals("a customer's message opens a pending case again", CaseStatus.OPEN,
                f.cases.find(opened.id()).orElseThrow().status());
        ServiceCase resolved = f.cases.transition(opened.id(), CaseStatus.RESOLVED, "agent1");
        assertNotNull(resolved.resolvedAt());
        ServiceCase reopened = f.cases.transition(opened.id(), CaseStatus.OPEN, "agent1");
        assertNull("reopened: not resolved any more", reopened.resolvedAt());
        ServiceCase closed = f.cases.transition(opened.id(), CaseStatus.CLOSED, "agent1");
        assertNotNull(closed.closedAt());
        assertNotNull("closing resolves", closed.resolvedAt());

        List<CaseEntry> thread = f.cases.thread(opened.id());
        assertEquals(List.of(EntryKind.MESSAGE, EntryKind.REPLY, EntryKind.REPLY, EntryKind.NOTE, EntryKind.CHANGE,
                EntryKind.MESSAGE, EntryKind.CHANGE, EntryKind.CHANGE, EntryKind.CHANGE),
                thread.stream().map(CaseEntry::kind).toList());
        assertEquals("markup is stored as the text it is", "It is on its way: tracking <b>ZX-1</b>.", thread.get(1).text());
        assertEquals("status: resolved -> open", thread.get(7).text());
        assertEquals("agent2", thread.get(2).author());

        List<Interaction> timeline = f.interactions.timeline(ada, Set.of(), 0, 20);
        assertEquals(List.of("support-message", "support-note", "support-reply", "support-reply", "support-case"),
                timeline.stream().map(Interaction::type).toList());
        Interaction note = timeline.get(1);
        assertEquals("a note's text stays in the case", "Internal note on case " + opened.id(), note.summary());
        assertEquals(Long.toString(opened.id()), note.payload().get("case"));
        assertEquals("inbound", timeline.get(4).direction().name().toLowerCase());
    }

    @Test
    public void movesTheStatusDoesNotAllowAreRefusedNamingTheStatus() {
        ServiceCase c = open("email", "billing");
        CaseValidationException same = assertThrows(CaseValidationException.class,
                () -> f.cases.transition(c.id(), CaseStatus.NEW, "agent1"));
        assertEquals("case " + c.id() + " is new and cannot become new; it can become open, pending, resolved, closed",
                same.fieldErrors().get("status"));
        f.cases.transition(c.id(), CaseStatus.CLOSED, "agent1");
        CaseValidationException reopen = assertThrows(CaseValidationException.class,
                () -> f.cases.transition(c.id(), CaseStatus.OPEN, "agent1"));
        assertEquals("case " + c.id() + " is closed and cannot become open; a closed case is final",
                reopen.fieldErrors().get("status"));
        assertTrue(assertThrows(CaseValidationException.class, () -> f.cases.reply(c.id(), "late", "agent1"))
                .fieldErrors().get("status").startsWith("case " + c.id() + " is closed; only a note"));
        assertThrows(CaseValidationException.class, () -> f.cases.assign(c.id(), "agent2", "agent1"));
        f.cases.note(c.id(), "Closed as a duplicate", "agent1");
        CaseValidationException missing = assertThrows(CaseValidationException.class,
                () -> f.cases.reply(999_999, "hello", "agent1"));
        assertTrue(missing.notFound());
        assertEquals("the message, the closing and the note", 3, f.cases.thread(c.id()).size());
    }

    @Test
    public void badInputIsRefusedNamingEveryFieldAndStoresNothing() {
        CaseValidationException refused = assertThrows(CaseValidationException.class, () -> f.cases.open(
                new NewCase("Two\nlines", 424242L, "pigeon", "asap", "nowhere", null, "x".repeat(10_001)), "agent1"));
        assertEquals(Map.of(
                "subject", "holds a control character or a line break; one line of text",
                "contactId", "there is no contact 424242",
                "channel", "'pigeon' is not a channel; one of email, phone, in-person, social, web, chat, mail, other",
                "priority", "'asap' is not a priority; one of low, normal, high, urgent",
                "queue", "'nowhere' is not a queue; one of support, billing, technical",
                "message", "is longer than 10000 characters"), refused.fieldErrors());
        CaseValidationException empty = assertThrows(CaseValidationException.class,
                () -> f.cases.open(new NewCase(" ", null, null, null, null, null, null), "agent1"));
        assertEquals(Set.of("subject", "contactId", "message"), empty.fieldErrors().keySet());
        assertEquals(0, f.cases.count(CaseQuery.all()));

        ServiceCase c = open("web", null);
        assertEquals("holds a control character other than a tab or a line break", assertThrows(
                CaseValidationException.class, () -> f.cases.reply(c.id(), "bell\u0007\u001b[31m", "agent1"))
                .fieldErrors().get("text"));
        assertEquals("is required", assertThrows(CaseValidationException.class,
                () -> f.cases.note(c.id(), "  ", "agent1")).fieldErrors().get("text"));
        assertEquals(1, f.cases.thread(c.id()).size());
    }

    @Test
    public void casesAreListedNewestFirstByStatusQueueAssigneePriorityAndContact() {
        long bob = f.contacts.create(new NewContact("bob@example.com", "Bob", null)).id();
        ServiceCase first = open("email", "support");
        ServiceCase second = open("phone", "billing");
        ServiceCase third = f.cases.open(new NewCase("Refund", bob, "email", "high", "billing", "agent2", "Refund please"),
                "agent1");
        assertEquals("assigned at opening: open", CaseStatus.OPEN, third.status());
        f.cases.assign(first.id(), "agent2", "agent1");
        f.cases.assign(first.id(), null, "agent1");

        assertEquals(List.of(third.id(), second.id(), first.id()), ids(CaseQuery.all()));
        assertEquals(List.of(third.id(), second.id()), ids(new CaseQuery(null, "billing", null, null)));
        assertEquals(List.of(third.id()), ids(new CaseQuery(null, null, "agent2", null)));
        assertEquals(List.of(second.id()), ids(new CaseQuery(CaseStatus.NEW, "billing", null, ada)));
        assertEquals(List.of(first.id()), ids(new CaseQuery(CaseStatus.OPEN, null, null, ada)));
        assertEquals(2, f.cases.count(new CaseQuery(null, null, null, ada)));
        assertEquals(List.of(second.id()), f.cases.list(CaseQuery.all(), 1, 1).stream().map(ServiceCase::id).toList());
        assertEquals(List.of(third.id()), ids(new CaseQuery(null, null, null, null, CasePriority.HIGH)));
        assertEquals(List.of(), ids(new CaseQuery(null, "support", null, null, CasePriority.HIGH)));

        CasesResource rest = new CasesResource(f.cases, new QueueGuard(f.cases), f.files, f.cases, f.ledger);
        assertEquals("the REST filter, in any case", List.of(second.id(), first.id()), rest.list(null, null, null, null,
                " Normal", null, null, AGENT).items().stream().map(ServiceCase::id).toList());
        ApiException refused = assertThrows(ApiException.class, () -> rest.list(null, null, null, null, "asap", null,
                null, AGENT));
        assertEquals(400, refused.status());
        assertEquals("priority", refused.fields().get(0).field());
        assertTrue(refused.fields().get(0).message(), refused.fields().get(0).message().contains("one of low, normal"));
        assertEquals("assignee: agent2 -> (nobody)", f.cases.thread(first.id()).get(2).text());
    }

    /** An agent calling the REST API. */
    private static final SecurityContext AGENT = (SecurityContext) Proxy.newProxyInstance(
            SecurityContext.class.getClassLoader(), new Class<?>[] {SecurityContext.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "getUserPrincipal" -> (Principal) () -> "agent1";
                case "isUserInRole" -> Roles.AGENT.equals(args[0]);
                case "isSecure" -> false;
                default -> null;
            });

    private List<Long> ids(CaseQuery query) {
        return f.cases.list(query, 0, 50).stream().map(ServiceCase::id).toList();
    }
}
