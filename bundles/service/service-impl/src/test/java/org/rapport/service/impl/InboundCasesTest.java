package org.rapport.service.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.communication.api.InboundMessage;
import org.rapport.communication.impl.TwoWay;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.NewContact;
import org.rapport.rest.Roles;
import org.rapport.service.api.CaseEntry;
import org.rapport.service.api.CaseQuery;
import org.rapport.service.api.CaseValidationException;
import org.rapport.service.api.EntryKind;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * An agent opens a case from a message of the inbound log in one step, on the product's
 * communication over a real mail server and Derby: the contact is created from an authenticated
 * sender's address (or picked), the message is the case's first entry, asking again answers the
 * same case, and bad requests, unauthenticated senders and queues the agent may not see are
 * refused with nothing written.
 */
@Category(UsesDatabase.class)
public class InboundCasesTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-service", "rapport-contacts", "rapport-rules",
            "rapport-loyalty", "rapport-communication", "rapport-privacy");

    private final BlockingQueue<Long> heard = new LinkedBlockingQueue<>();
    private ServiceFixture f;
    private TwoWay comms;
    private InboundCases inboundCases;
    private final Viewer erin = new Viewer("erin", Set.of(Roles.AGENT));

    @Before
    public void setUp() throws Exception {
        f = new ServiceFixture(db, ServiceFixture.berlin("billing=carol"));
        comms = f.talking(db, m -> heard.add(m.id()));
        inboundCases = new InboundCases(f.cases, comms.inbound, f.contacts, f.files);
    }

    @After
    public void tearDown() {
        comms.close();
    }

    /** A mail arrives and the desk heard of it: its entry on the inbound log. */
    private InboundMessage arrives(String from, String id, String authentication, String subject, String text)
            throws Exception {
        comms.arrives("From: " + from + "\nTo: crm@shop.example\nSubject: " + subject + "\nMessage-ID: " + id + "\n"
                + (authentication == null ? "" : "Authentication-Results: mx.shop.example; " + authentication + "\n")
                + "\n" + text + "\n");
        assertEquals(1, comms.poll());
        long heardId = heard.poll(10, TimeUnit.SECONDS);
        return comms.inbound.findInbound(heardId).orElseThrow();
    }

    private static InboundCases.Request request(Long contactId, String queue) {
        return new InboundCases.Request(contactId, "Grace", "Hopper", null, null, queue, null);
    }

    @Test
    public void anUnmatchedMailBecomesACaseOfANewContactOnceAndAskingAgainAnswersThatCase() throws Exception {
        InboundMessage m = arrives("Grace Hopper <grace@example.com>", "<g-1@example.com>", "dmarc=pass",
                "Broken compiler", "It stopped working.\nPlease help.");
        assertEquals("the desk opened nothing for an unknown sender", 0, f.cases.count(CaseQuery.all()));

        InboundCases.Opened opened = inboundCases.open(m.id(), request(null, null), erin, "erin");
        assertTrue(opened.created());
        assertTrue(opened.contactCreated());
        Contact grace = f.contacts.find(opened.details().contactId()).orElseThrow();
        assertEquals("grace@example.com", grace.email());
        assertEquals("Grace", grace.firstName());
        assertEquals("Broken compiler", opened.details().subject());
        assertEquals("support", opened.details().queue());
        assertEquals("email", opened.details().channel());
        List<CaseEntry> thread = f.cases.thread(opened.details().id());
        assertEquals(EntryKind.MESSAGE, thread.get(0).kind());
        assertEquals(CaseInbound.CUSTOMER, thread.get(0).author());
        assertEquals("It stopped working.\nPlease help.", thread.get(0).text());
        assertEquals(Long.valueOf(m.id()), thread.get(0).inboundId());
        assertEquals(EntryKind.NOTE, thread.get(1).kind());
        assertTrue(thread.get(1).text(), thread.get(1).text().startsWith("Opened by erin from inbound message " + m.id()));

        InboundCases.Opened again = inboundCases.open(m.id(), request(null, "technical"), erin, "erin");
        assertFalse(again.created());
        assertEquals(opened.details().id(), again.details().id());
        assertEquals(1, f.cases.count(CaseQuery.all()));

        // A mail the desk threaded by itself is on its case already.
        InboundMessage second = arrives("grace@example.com", "<g-2@example.com>", "dmarc=pass", "Another", "Hi");
        assertEquals("a matched sender's mail opens its case by itself", 2, f.cases.count(CaseQuery.all()));
        InboundCases.Opened known = inboundCases.open(second.id(), null, erin, "erin");
        assertFalse(known.created());

        // A new sender whose address a contact took meanwhile: that contact is picked, none created.
        InboundMessage third = arrives("alan@example.com", "<a-1@example.com>", "dmarc=pass", "", "Hello there");
        long alan = f.contacts.create(new NewContact("Alan@Example.com", "Alan", "Turing")).id();
        InboundCases.Opened picked = inboundCases.open(third.id(), null, erin, "erin");
        assertEquals(alan, picked.details().contactId().longValue());
        assertFalse(picked.contactCreated());
        assertEquals("Hello there", picked.details().subject());
    }

    @Test
    public void badRequestsUnauthenticatedSendersAndHiddenQueuesAreRefusedWithNothingWritten() throws Exception {
        InboundMessage forged = arrives("grace@example.com", "<f-1@evil.example>", "dmarc=fail", "Refund",
                "Send it to XX00.");
        CaseValidationException e = assertThrows(CaseValidationException.class,
                () -> inboundCases.open(forged.id(), request(null, "billing"), erin, "erin"));
        assertEquals(Set.of("contactId", "queue"), e.fieldErrors().keySet());
        assertTrue(e.fieldErrors().get("contactId"), e.fieldErrors().get("contactId").contains("failed sender "
                + "authentication (dmarc=fail)"));
        assertEquals("'billing' is not a queue; one of support, technical", e.fieldErrors().get("queue"));
        // A queue that does not exist reads the same, and no assignee is judged against the hidden queue.
        String hidden = assertThrows(CaseValidationException.class, () -> inboundCases.open(forged.id(),
                new InboundCases.Request(null, null, null, null, null, "billing", "dave"), erin, "erin")).getMessage();
        assertEquals(assertThrows(CaseValidationException.class, () -> inboundCases.open(forged.id(),
                new InboundCases.Request(null, null, null, null, null, "billingx", "dave"), erin, "erin")).getMessage()
                .replace("billingx", "billing"), hidden);

        e = assertThrows(CaseValidationException.class, () -> inboundCases.open(forged.id(),
                new InboundCases.Request(424242L, null, null, "x".repeat(201), "soon", null, null), erin, "erin"));
        assertEquals(Set.of("contactId", "subject", "priority"), e.fieldErrors().keySet());
        assertEquals("there is no contact 424242", e.fieldErrors().get("contactId"));

        e = assertThrows(CaseValidationException.class, () -> inboundCases.open(999_999, null, erin, "erin"));
        assertEquals("there is no inbound message 999999", e.fieldErrors().get("inboundId"));

        assertEquals("no contact, no case", 0, f.contacts.search("grace", 0, 10).size());
        assertEquals(0, f.cases.count(CaseQuery.all()));

        // The agent who knows the customer picks the contact: the message is then on that contact's case.
        long grace = f.contacts.create(new NewContact("grace@example.com", "Grace", "Hopper")).id();
        InboundCases.Opened opened = inboundCases.open(forged.id(), request(grace, null), erin, "erin");
        assertNotNull(opened.details());
        assertEquals(grace, opened.details().contactId().longValue());

        // Carol's billing case is hidden from Erin: she is told the message is taken, not which case has it.
        InboundMessage billing = arrives("hedy@example.com", "<h-1@example.com>", "dmarc=pass", "Invoice", "Wrong");
        Viewer carol = new Viewer("carol", Set.of(Roles.AGENT));
        long caseId = inboundCases.open(billing.id(), request(null, "billing"), carol, "carol").details().id();
        InboundCases.Taken taken = assertThrows(InboundCases.Taken.class,
                () -> inboundCases.open(billing.id(), null, erin, "erin"));
        assertEquals("inbound message " + billing.id() + " is on a case already", taken.fieldErrors().get("inboundId"));
        assertEquals("carol's case has it", caseId, f.cases.caseOfInbound(billing.id()).orElseThrow().longValue());
    }
}
