package org.rapport.communication.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Before;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.communication.api.InboundAccess;
import org.rapport.communication.api.InboundReader;
import org.rapport.communication.api.Message;
import org.rapport.communication.api.MessageStatus;
import org.rapport.communication.api.SendRequest;
import org.rapport.contacts.api.Channel;
import org.rapport.privacy.spi.ExportRequester;
import org.rapport.testing.UsesDatabase;

/**
 * The outbox's log as each reader may read it, on Derby (or the database the build names): a
 * message sent under a keeper's label, or filed there later, is left out of the list, the count, a
 * look-up and the export of a reader the keeper's access keeps it from, and of everyone but
 * administrators while no access of that keeper is registered or its access fails.
 */
@Category(UsesDatabase.class)
public class OutboxKeepersTest extends MessageFixture {

    private int smtpPort;
    private final InboundReader erin = new InboundReader("erin", Set.of("agent"));
    private final InboundReader carol = new InboundReader("carol", Set.of("agent"));
    private final InboundReader admin = new InboundReader("root", Set.of("admin"));
    /** The desk's word: billing is for carol only. */
    private final InboundAccess desk = reader -> reader.name().equals("carol") ? Set.of() : Set.of("billing");
    private long billing;
    private long support;
    private long loose;

    @Before
    public void sendThree() throws java.io.IOException {
        smtpPort = Configs.freePort();
        addEmailChannel(smtpPort);
        billing = kept("service", "billing", "Your invoice is corrected").id();
        support = kept("service", "support", "The parcel left today").id();
        loose = send(ada, "email", null).id();
    }

    private Message kept(String keeper, String label, String text) {
        return messages.send(new SendRequest(ada, "email", "win-back", "service", Map.of("offer", text), null, null, null,
                null, null, keeper, label), "agent");
    }

    private List<Long> log(InboundReader reader) {
        List<Long> ids = messages.log(null, null, reader, 0, 50).stream().map(Message::id).toList();
        assertEquals("the count agrees with the list for " + reader, ids.size(), messages.count(null, null, reader));
        assertEquals(ids, messages.log(ada, MessageStatus.QUEUED, reader, 0, 50).stream().map(Message::id).toList());
        assertEquals(ids.size(), messages.count(ada, MessageStatus.QUEUED, reader));
        return ids;
    }

    @Test
    public void aReaderTheKeeperKeepsAMessageFromDoesNotFindIt() {
        messages.addAccess(desk, Map.of(InboundAccess.KEEPER, "service"));

        assertEquals(List.of(loose, support), log(erin));
        assertEquals(List.of(loose, support, billing), log(carol));
        assertEquals(List.of(loose, support, billing), log(admin));
        assertTrue("kept from erin, as if it was never sent", messages.find(billing, erin).isEmpty());
        assertTrue(messages.find(billing, carol).orElseThrow().body().contains("Your invoice is corrected"));
        assertEquals("the log without a reader is the system's: whole", 3, messages.count(null, null));

        // Another access under the desk's name can only hide more.
        messages.addAccess(reader -> Set.of("support"), Map.of(InboundAccess.KEEPER, "service"));
        assertEquals(List.of(loose), log(erin));
        assertEquals(List.of(loose, billing), log(carol));
    }

    @Test
    public void filedAgainUnderAnotherLabelTheMessageFollowsIt() {
        messages.addAccess(desk, Map.of(InboundAccess.KEEPER, "service"));

        // The case moved from support to billing: its replies go with it.
        messages.file(List.of(support, 999_999L), "service", "billing");
        assertEquals(List.of(loose), log(erin));
        assertEquals(List.of(loose, support, billing), log(carol));
        // A message sent without a keeper and filed later is kept from then on.
        messages.file(List.of(loose), "service", "billing");
        assertEquals(List.of(), log(erin));
    }

    @Test
    public void withoutItsKeepersAccessAMessageIsForAdministratorsOnly() {
        assertEquals("no access registered for the keeper", List.of(loose), log(carol));
        assertEquals(List.of(loose, support, billing), log(admin));
        assertTrue(messages.find(support, carol).isEmpty());

        InboundAccess failing = reader -> {
            throw new IllegalStateException("the desk is restarting");
        };
        messages.addAccess(failing, Map.of(InboundAccess.KEEPER, "service"));
        assertEquals("an access that fails keeps its keeper's messages", List.of(loose), log(carol));
        messages.removeAccess(failing);
        messages.addAccess(desk, Map.of(InboundAccess.KEEPER, "service"));
        assertEquals(List.of(loose, support, billing), log(carol));
    }

    @Test
    public void anExportLeavesOutWhatTheRequesterMayNotReadButAnAdministratorsIsComplete() {
        messages.addAccess(desk, Map.of(InboundAccess.KEEPER, "service"));
        MessageErasure erasure = new MessageErasure(db.emf(), messages, new InboundServiceImpl(db.emf(), contacts,
                interactions, clock, java.time.Duration.ofSeconds(5), 3, e -> { }));

        List<?> erins = (List<?>) erasure.export(ada, new ExportRequester("erin", Set.of("agent"))).get("messages");
        assertEquals(3, erins.size());
        assertEquals(Map.of("id", billing, "kept", "kept by service"), erins.get(2));
        assertEquals(List.of(loose, support), erins.subList(0, 2).stream().map(m -> ((Message) m).id()).toList());
        assertFalse("the text kept from erin is nowhere in her export", erins.toString().contains("invoice"));

        List<?> complete = (List<?>) erasure.export(ada, ExportRequester.administrator("root")).get("messages");
        assertEquals(List.of(loose, support, billing), complete.stream().map(m -> ((Message) m).id()).toList());
    }

    @Test
    public void onTheContactsTimelineWhichEveryReaderOfTheContactReadsAKeptMessageIsNamedWithoutItsSubject() {
        grant(ada, "service", Channel.EMAIL);
        grant(ada, "marketing", Channel.EMAIL);
        smtpOn(smtpPort);
        assertEquals(3, messages.dispatcher().runOnce());

        Map<String, String> summaries = new java.util.HashMap<>();
        interactions.timeline(ada, Set.of(Channel.EMAIL), 0, 10)
                .forEach(i -> summaries.put(i.payload().get("messageId"), i.summary()));
        assertEquals("message 'win-back' (kept by service)", summaries.get(Long.toString(billing)));
        assertEquals("message 'win-back' (kept by service)", summaries.get(Long.toString(support)));
        assertEquals("Vous nous manquez, Ada", summaries.get(Long.toString(loose)));
    }

    @Test
    public void aKeeperOrLabelThatIsNoNameIsRefusedNamingItAndNothingIsQueued() {
        long before = messages.count(null, null);
        assertEquals("label: is required with keeper",
                assertThrows(IllegalArgumentException.class, () -> kept("service", null, "x")).getMessage());
        assertEquals("keeper: is required with label",
                assertThrows(IllegalArgumentException.class, () -> kept(null, "billing", "x")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> kept("service", "bill\u001bing", "x")).getMessage()
                .startsWith("label: is not 1 to 200 characters"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> kept(" ", "billing", "x")).getMessage()
                .startsWith("keeper: is not 1 to 40 characters"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> messages.file(List.of(loose), "service", ""))
                .getMessage().startsWith("label: is not 1 to 200 characters"));
        assertEquals(before, messages.count(null, null));
        assertEquals(List.of(loose), log(erin));
    }
}
