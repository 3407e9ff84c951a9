package org.rapport.communication.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.communication.api.InboundAccess;
import org.rapport.communication.api.InboundKind;
import org.rapport.communication.api.InboundMessage;
import org.rapport.communication.api.InboundReader;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.contacts.impl.InteractionServiceImpl;
import org.rapport.privacy.impl.ConsentServiceImpl;
import org.rapport.privacy.spi.ExportRequester;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * The inbound log as each reader may read it, on Derby (or the database the build names): a
 * message a keeper filed under a label is left out of the list, the count, a look-up and the
 * export of a reader its keeper's access keeps it from, and of everyone but administrators while
 * no access of that keeper is registered or its access fails.
 */
@Category(UsesDatabase.class)
public class InboundKeepersTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-communication", "rapport-contacts", "rapport-privacy");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T10:00:00Z"));
    private final InboundReader erin = new InboundReader("erin", Set.of("agent"));
    private final InboundReader carol = new InboundReader("carol", Set.of("agent"));
    private final InboundReader admin = new InboundReader("root", Set.of("admin"));
    /** The desk's word: billing is for carol only. */
    private final InboundAccess desk = reader -> reader.name().equals("carol") ? Set.of() : Set.of("billing");
    private InboundServiceImpl inbound;
    private InteractionServiceImpl interactions;
    private MessageErasure erasure;
    private long ada;
    private long billing;
    private long support;
    private long loose;

    @Before
    public void setUp() {
        ContactServiceImpl contacts = new ContactServiceImpl(db.emf("rapport-contacts"));
        interactions = new InteractionServiceImpl(db.emf("rapport-contacts"));
        ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        inbound = new InboundServiceImpl(db.emf(), contacts, interactions, clock, Duration.ofSeconds(5), 3, e -> { });
        ConsentServiceImpl consent = new ConsentServiceImpl(db.emf("rapport-privacy"), contacts, clock, List.of("service"));
        MessageServiceImpl messages = new MessageServiceImpl(db.emf(), contacts, interactions, consent, new ChannelRegistry(),
                clock, new DispatchSettings(50, 3, Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(5), 3, 2),
                e -> { });
        erasure = new MessageErasure(db.emf(), messages, inbound);
        billing = arrives("m-1", "My invoice is wrong");
        support = arrives("m-2", "The parcel is late");
        loose = arrives("m-3", "Just saying thanks");
        inbound.file(List.of(billing), "service", "billing");
        inbound.file(List.of(support), "service", "support");
    }

    private long arrives(String id, String text) {
        clock.advance(Duration.ofMinutes(1));
        return inbound.receive(Arrival.signed("email", Channel.EMAIL, "ada@example.com", null, text, id, null,
                InboundKind.MESSAGE, List.of()), null, true).orElseThrow().id();
    }

    private List<Long> log(InboundReader reader) {
        List<Long> ids = inbound.inbound(null, reader, 0, 50).stream().map(InboundMessage::id).toList();
        assertEquals("the count agrees with the list for " + reader, ids.size(), inbound.countInbound(null, reader));
        assertEquals(ids, inbound.inbound(ada, reader, 0, 50).stream().map(InboundMessage::id).toList());
        return ids;
    }

    @Test
    public void aReaderTheKeeperKeepsAMessageFromDoesNotFindIt() {
        inbound.addAccess(desk, Map.of(InboundAccess.KEEPER, "service"));

        assertEquals(List.of(loose, support), log(erin));
        assertEquals(List.of(loose, support, billing), log(carol));
        assertEquals(List.of(loose, support, billing), log(admin));
        assertTrue("kept from erin, as if it never came in", inbound.findInbound(billing, erin).isEmpty());
        assertEquals("My invoice is wrong", inbound.findInbound(billing, carol).orElseThrow().text());
        assertEquals(3, inbound.countInbound(null));

        // Another access under the desk's name cannot let more people read: it can only hide more.
        InboundAccess everyone = reader -> Set.of();
        inbound.addAccess(everyone, Map.of(InboundAccess.KEEPER, "service"));
        assertEquals(List.of(loose, support), log(erin));
        inbound.addAccess(reader -> Set.of("support"), Map.of(InboundAccess.KEEPER, "service"));
        assertEquals(List.of(loose), log(erin));
        assertEquals(List.of(loose, billing), log(carol));
        inbound.removeAccess(everyone);

        // Filed again under another queue (the case moved): carol reads it, as the desk says.
        inbound.file(List.of(billing), "service", "other");
        assertEquals(List.of(loose, billing), log(erin));
    }

    @Test
    public void withoutItsKeepersAccessAMessageIsForAdministratorsOnly() {
        assertEquals("no access registered for the keeper", List.of(loose), log(carol));
        assertEquals(List.of(loose, support, billing), log(admin));

        inbound.addAccess(reader -> {
            throw new IllegalStateException("the desk is restarting");
        }, Map.of(InboundAccess.KEEPER, "service"));
        assertEquals("an access that fails keeps its keeper's messages", List.of(loose), log(carol));
        assertTrue(inbound.findInbound(support, carol).isEmpty());

        InboundAccess nameless = reader -> Set.of();
        inbound.addAccess(nameless, Map.of());
        assertEquals("an access naming no keeper is not taken", List.of(loose), log(carol));
    }

    @Test
    public void anExportLeavesOutWhatTheRequesterMayNotReadButAnAdministratorsIsComplete() {
        inbound.addAccess(desk, Map.of(InboundAccess.KEEPER, "service"));

        List<?> erins = (List<?>) erasure.export(ada, new ExportRequester("erin", Set.of("agent"))).get("inbound");
        assertEquals(3, erins.size());
        assertEquals(Map.of("id", billing, "kept", "kept by service"), erins.get(0));
        assertEquals(support, ((InboundMessage) erins.get(1)).id());
        assertTrue("the text kept from erin is nowhere in her export", !erins.toString().contains("invoice"));

        List<?> complete = (List<?>) erasure.export(ada, ExportRequester.administrator("root")).get("inbound");
        assertEquals(List.of(billing, support, loose), complete.stream().map(m -> ((InboundMessage) m).id()).toList());
    }

    @Test
    public void onTheContactsTimelineWhichEveryReaderOfTheContactReadsAFiledMessageIsNamedWithoutItsWords() {
        assertEquals(Map.of(billing, "message (kept by service)", support, "message (kept by service)",
                loose, "Just saying thanks"), timeline());

        inbound.file(List.of(billing, loose), "service", "support");
        assertEquals("filed again, and filed later", Map.of(billing, "message (kept by service)",
                support, "message (kept by service)", loose, "message (kept by service)"), timeline());
        assertEquals("one entry each", 3, interactions.count(ada, Set.of()));
        assertEquals("the words stay on the message", "Just saying thanks",
                inbound.findInbound(loose, admin).orElseThrow().text());
    }

    @Test
    public void aMessageItsKeeperWillFileIsOnTheTimelineWithoutItsWordsFromTheStart() {
        inbound.addAccess(keeping(message -> message.text().contains("refund")), Map.of(InboundAccess.KEEPER, "service"));
        long kept = arrives("m-4", "Where is my refund");
        long told = arrives("m-5", "Lovely service");
        assertEquals("recorded without its words, before anyone filed it", "message (kept by service)",
                timeline().get(kept));
        assertEquals("Lovely service", timeline().get(told));

        inbound.addAccess(keeping(message -> {
            throw new IllegalStateException("the other desk is restarting");
        }), Map.of(InboundAccess.KEEPER, "other"));
        long failed = arrives("m-6", "Call me on 555 0100");
        assertEquals("an access that fails to answer is taken as keeping it", "message (kept by other)",
                timeline().get(failed));
    }

    /** An access hiding nothing that keeps the messages {@code kept} says it keeps. */
    private static InboundAccess keeping(Predicate<InboundMessage> kept) {
        return new InboundAccess() {
            @Override
            public Set<String> hidden(InboundReader reader) {
                return Set.of();
            }

            @Override
            public boolean keeps(InboundMessage message) {
                return kept.test(message);
            }
        };
    }

    @Test
    public void aKeeperGoesThroughWhatItFiledAPageAtATime() {
        assertEquals(List.of(billing, support), inbound.filed("service", 0, 10));
        assertEquals(List.of(billing), inbound.filed("service", 0, 1));
        assertEquals(List.of(support), inbound.filed("service", billing, 1));
        assertEquals(List.of(), inbound.filed("service", support, 10));
        assertEquals(List.of(), inbound.filed("sales", 0, 10));
        assertEquals("limit is from 1 to 500, not 0", assertThrows(IllegalArgumentException.class,
                () -> inbound.filed("service", 0, 0)).getMessage());
    }

    /** Each inbound message's summary on Ada's timeline, by its id. */
    private Map<Long, String> timeline() {
        Map<Long, String> summaries = new java.util.HashMap<>();
        interactions.timeline(ada, Set.of(Channel.EMAIL), 0, 10)
                .forEach(i -> summaries.put(Long.valueOf(i.payload().get("inboundId")), i.summary()));
        return summaries;
    }

    @Test
    public void aLabelThatIsNoNameIsRefusedNamingIt() {
        Map<Long, String> before = timeline();
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
                () -> inbound.file(List.of(billing), " ", "billing"));
        assertTrue(blank.getMessage(), blank.getMessage().startsWith("keeper: is not 1 to 40 characters"));
        IllegalArgumentException control = assertThrows(IllegalArgumentException.class,
                () -> inbound.file(List.of(billing), "service", "bill\u001bing"));
        assertTrue(control.getMessage(), control.getMessage().startsWith("label: is not 1 to 200 characters"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> inbound.file(List.of(billing), "service", null))
                .getMessage().equals("label: is required"));
        inbound.addAccess(desk, Map.of(InboundAccess.KEEPER, "service"));
        assertTrue("nothing refiled", inbound.findInbound(billing, erin).isEmpty());
        assertEquals("refused before the timeline is touched", before, timeline());
    }
}
