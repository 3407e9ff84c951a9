package org.rapport.service.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.communication.api.InboundMessage;
import org.rapport.communication.api.InboundReader;
import org.rapport.communication.api.Message;
import org.rapport.communication.impl.MessageErasure;
import org.rapport.communication.impl.TwoWay;
import org.osgi.service.event.Event;
import org.rapport.contacts.api.InteractionEvents;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.TimelineEvents;
import org.rapport.privacy.spi.ExportRequester;
import org.rapport.rest.Roles;
import org.rapport.service.api.CaseQuery;
import org.rapport.service.api.EntryKind;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * Communication's inbound log and outbox kept to the queues ({@code queueAccess}), on the desk and
 * communication's real components, Derby and a real mail server: a message on a case of a queue an
 * agent may not see, or a reply sent on it, is not in their log, their look-up or their export of the
 * contact, while the agents of the queue and administrators read it; messages on cases from before
 * are filed when the desk meets the log, replies sent before when it meets the outbox; a case moved
 * to another queue takes its messages and replies with it. On the contact's timeline, which every
 * reader of the contact reads, such a message is named without its words.
 */
@Category(UsesDatabase.class)
public class InboundQueueAccessTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-service", "rapport-contacts", "rapport-rules",
            "rapport-loyalty", "rapport-communication", "rapport-privacy");

    private final BlockingQueue<Long> heard = new LinkedBlockingQueue<>();
    private final InboundReader erin = new InboundReader("erin", Set.of(Roles.AGENT));
    private final InboundReader carol = new InboundReader("carol", Set.of(Roles.AGENT));
    private final InboundReader admin = new InboundReader("root", Set.of(Roles.ADMIN));
    private ServiceFixture f;
    private TwoWay comms;
    private long grace;
    private QueueInboundAccess desk;

    @Before
    public void setUp() throws Exception {
        // The first queue, where mail opens cases, is carol's.
        f = new ServiceFixture(db, ServiceFixture.berlin("support=carol"));
        comms = f.talking(db, m -> heard.add(m.id()));
        f.cases.bindInbound(comms.inbound);
        desk = new QueueInboundAccess(f.cases);
        comms.access(desk, CaseFiling.KEEPER);
        grace = f.contacts.create(new NewContact("grace@example.com", "Grace", "Hopper")).id();
    }

    @After
    public void tearDown() {
        comms.close();
    }

    /** A mail arrives and the desk heard of it. */
    private long arrives(String from, String id, String text) throws Exception {
        comms.arrives("From: " + from + "\nTo: crm@shop.example\nSubject: " + text + "\nMessage-ID: " + id
                + "\nAuthentication-Results: mx.shop.example; dmarc=pass\n\n" + text + "\n");
        assertEquals(1, comms.poll());
        return heard.poll(10, TimeUnit.SECONDS);
    }

    private List<Long> log(InboundReader reader) {
        List<Long> ids = comms.inbound.inbound(null, reader, 0, 50).stream().map(InboundMessage::id).toList();
        assertEquals(ids.size(), comms.inbound.countInbound(null, reader));
        return ids;
    }

    @Test
    public void aMessageOnACaseIsReadOnlyByThoseWhoSeeItsQueue() throws Exception {
        long onCase = arrives("grace@example.com", "<g-1@example.com>", "My parcel is late");
        long caseId = f.cases.caseOfInbound(onCase).orElseThrow();
        assertEquals("support", f.cases.find(caseId).orElseThrow().queue());
        long unmatched = arrives("hedy@example.com", "<h-1@example.com>", "Who do I ask about invoices");

        assertEquals("erin sees the message on no case only", List.of(unmatched), log(erin));
        assertEquals(List.of(unmatched, onCase), log(carol));
        assertEquals(List.of(unmatched, onCase), log(admin));
        assertTrue(comms.inbound.findInbound(onCase, erin).isEmpty());
        assertEquals("My parcel is late", comms.inbound.findInbound(onCase, carol).orElseThrow().text().strip());
        assertEquals("the case's words are on the case, not on Grace's timeline", "message (kept by service)",
                onTimeline(onCase));

        // A message put on the case later (here as a note) is kept to the queue from then on.
        f.cases.fromInbound(caseId, EntryKind.NOTE, "Forwarded by the customer", "service", unmatched, List.of());
        assertEquals(List.of(), log(erin));
        assertEquals(List.of(unmatched, onCase), log(carol));

        // Grace's export: her message named without its words for erin, whole for carol and an administrator.
        MessageErasure erasure = new MessageErasure(db.emf("rapport-communication"), comms.messages, comms.inbound);
        List<?> erins = (List<?>) erasure.export(grace, new ExportRequester("erin", Set.of(Roles.AGENT))).get("inbound");
        assertEquals(List.of(Map.of("id", onCase, "kept", "kept by service")), erins);
        List<?> carols = (List<?>) erasure.export(grace, new ExportRequester("carol", Set.of(Roles.AGENT))).get("inbound");
        assertEquals("My parcel is late", ((InboundMessage) carols.get(0)).text().strip());
        assertEquals(carols, erasure.export(grace, ExportRequester.administrator("root")).get("inbound"));
    }

    private List<Long> sent(InboundReader reader) {
        List<Long> ids = comms.messages.log(null, null, reader, 0, 50).stream().map(Message::id).toList();
        assertEquals(ids.size(), comms.messages.count(null, null, reader));
        return ids;
    }

    @Test
    public void aReplyOnACaseIsReadOnlyByThoseWhoSeeItsQueue() throws Exception {
        long caseId = f.cases.caseOfInbound(arrives("grace@example.com", "<g-3@example.com>", "My parcel is late"))
                .orElseThrow();
        long reply = f.cases.reply(caseId, "It left today: tracking ZX-1.", "carol").messageId();

        assertEquals("kept from erin, as the case is", List.of(), sent(erin));
        assertTrue(comms.messages.find(reply, erin).isEmpty());
        assertEquals(List.of(reply), sent(carol));
        assertTrue(comms.messages.find(reply, carol).orElseThrow().body().contains("tracking ZX-1"));
        assertEquals(List.of(reply), sent(admin));

        MessageErasure erasure = new MessageErasure(db.emf("rapport-communication"), comms.messages, comms.inbound);
        List<?> erins = (List<?>) erasure.export(grace, new ExportRequester("erin", Set.of(Roles.AGENT))).get("messages");
        assertEquals(List.of(Map.of("id", reply, "kept", "kept by service")), erins);
        List<?> carols = (List<?>) erasure.export(grace, new ExportRequester("carol", Set.of(Roles.AGENT))).get("messages");
        assertEquals(reply, ((Message) carols.get(0)).id());

        // Moved to billing, everyone's queue: the customer's message and the reply go with the case.
        long message = f.cases.thread(caseId).get(0).inboundId();
        f.cases.move(caseId, "billing", "carol");
        assertEquals(List.of(reply), sent(erin));
        assertEquals(List.of(message), log(erin));
        f.cases.move(caseId, "support", "carol");
        assertEquals(List.of(), sent(erin));
        assertEquals(List.of(), log(erin));

        // The desk stopped: its replies are for administrators only until it is back.
        comms.withdraw(desk);
        assertEquals(List.of(), sent(carol));
        assertTrue(comms.messages.find(reply, carol).isEmpty());
        assertEquals(List.of(reply), sent(admin));
    }

    @Test
    public void repliesSentBeforeFilingAreFiledWhenTheDeskMeetsTheOutbox() throws Exception {
        long caseId = f.cases.caseOfInbound(arrives("grace@example.com", "<g-4@example.com>", "Where is my refund"))
                .orElseThrow();
        long reply = f.cases.reply(caseId, "Refunded today.", "carol").messageId();
        // As a reply queued before replies were filed as they left.
        try (var c = db.dataSource().getConnection();
                var st = c.prepareStatement("UPDATE COMM_MESSAGE SET KEEPER = NULL, LABEL = NULL WHERE ID = ?")) {
            st.setLong(1, reply);
            assertEquals(1, st.executeUpdate());
        }
        assertEquals(List.of(reply), sent(erin));

        f.cases.unbindMessages(comms.messages);
        f.cases.bindMessages(comms.messages);
        assertEquals(List.of(), sent(erin));
        assertEquals(List.of(reply), sent(carol));
    }

    @Test
    public void messagesOnCasesFromBeforeAreFiledWhenTheDeskMeetsTheLog() throws Exception {
        // As before the desk knew the log: it filed nothing and kept nothing from the timeline.
        f.cases.unbindInbound(comms.inbound);
        comms.withdraw(desk);
        long before = arrives("grace@example.com", "<g-2@example.com>", "Where is my refund");
        assertEquals(1, f.cases.count(CaseQuery.all()));
        assertEquals("not filed while the desk did not know the log", List.of(before), log(erin));

        assertEquals("Where is my refund", onTimeline(before));
        comms.access(desk, CaseFiling.KEEPER);
        f.cases.bindInbound(comms.inbound);
        assertEquals(List.of(), log(erin));
        assertEquals(List.of(before), log(carol));
        assertEquals("its words off the timeline as it is filed", "message (kept by service)", onTimeline(before));
    }

    @Test
    public void theWordsOfAMessageTheDeskWillKeepNeverReachTheTimelinesListeners() throws Exception {
        List<Event> recorded = new CopyOnWriteArrayList<>();
        TimelineEvents.of(f.interactions).add(event -> {
            if (InteractionEvents.RECORDED.equals(event.getTopic())) {
                recorded.add(event);
            }
        });
        long onCase = arrives("grace@example.com", "<g-5@example.com>", "My card number is 4111 1111");
        assertTrue(f.cases.caseOfInbound(onCase).isPresent());
        assertEquals("the message's entry was recorded without its words", List.of("message (kept by service)"),
                summaries(recorded, "message"));
        assertTrue(recorded.toString(), recorded.stream().noneMatch(e -> String.valueOf(e.getProperty(
                InteractionEvents.SUMMARY)).contains("4111")));
        assertEquals("message (kept by service)", onTimeline(onCase));

        // A message the desk leaves on the log (it opens no case from mail now) keeps its words on the timeline.
        opensFromInbound(false);
        recorded.clear();
        long left = arrives("grace@example.com", "<g-6@example.com>", "Just saying thanks");
        assertTrue(f.cases.caseOfInbound(left).isEmpty());
        assertEquals(List.of("Just saying thanks"), summaries(recorded, "message"));
        assertEquals(List.of(left), log(erin));
    }

    /** The summaries of the recorded interactions of {@code type}, as their listeners heard them. */
    private static List<String> summaries(List<Event> recorded, String type) {
        return recorded.stream().filter(e -> type.equals(e.getProperty(InteractionEvents.TYPE)))
                .map(e -> String.valueOf(e.getProperty(InteractionEvents.SUMMARY))).toList();
    }

    @Test
    public void aMessageFiledOnNoCaseIsTakenAgainWhenTheDeskMeetsTheLog() throws Exception {
        opensFromInbound(false);
        long raced = arrives("grace@example.com", "<g-7@example.com>", "Where is my parcel");
        // As when writing its case failed after the desk had filed it: kept to support, on no case.
        comms.inbound.file(List.of(raced), CaseFiling.KEEPER, "support");
        assertTrue(f.cases.caseOfInbound(raced).isEmpty());
        CaseInbound taker = new CaseInbound(f.cases, f.files);
        assertEquals("one the desk would not take now stays where it was filed", 1, taker.retake(comms.inbound));
        assertEquals(List.of(raced), log(carol));
        assertEquals(List.of(), log(erin));

        opensFromInbound(true);
        taker.bindInbound(comms.inbound);
        long caseId = f.cases.caseOfInbound(raced).orElseThrow();
        assertEquals("support", f.cases.find(caseId).orElseThrow().queue());
        assertEquals("Where is my parcel", f.cases.thread(caseId).get(0).text());
        assertEquals(List.of(raced), log(carol));
        assertEquals(List.of(), log(erin));
        assertEquals("met again, nothing more is written", 0, taker.retake(comms.inbound));
        assertEquals(1, f.cases.count(CaseQuery.all()));
        assertEquals(1, f.cases.thread(caseId).size());
    }

    private void opensFromInbound(boolean opens) {
        Map<String, Object> settings = ServiceFixture.berlin("support=carol");
        settings.put("openCasesFromInbound", opens);
        f.cases.modified(ServiceFixture.config(settings));
    }

    /** The summary of inbound message {@code inboundId}'s entry on Grace's timeline, which every reader of her reads. */
    private String onTimeline(long inboundId) {
        return f.interactions.timeline(grace, Set.of(), 0, 50).stream()
                .filter(i -> Long.toString(inboundId).equals(i.payload().get("inboundId"))).findFirst().orElseThrow()
                .summary();
    }
}
