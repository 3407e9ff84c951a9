package org.rapport.privacy.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.privacy.api.ConsentBlock;
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentState;
import org.rapport.privacy.spi.ConsentQuestion;
import org.rapport.privacy.spi.ConsentVerdict;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/** The consent gate asked a page of questions at once ({@code checkAll}), against asking each, on a real database. */
@Category(UsesDatabase.class)
public class ConsentGateBatchTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-privacy", "rapport-contacts");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T09:00:00Z"));
    private ConsentServiceImpl gate;
    private long ada;
    private long grace;
    private long alan;

    @Before
    public void setUp() {
        ContactServiceImpl contacts = new ContactServiceImpl(db.emf("rapport-contacts"));
        gate = new ConsentServiceImpl(db.emf("rapport-privacy"), contacts, clock, List.of("marketing", "profiling"),
                PurposeBases.parse(new String[] {"profiling:legitimate-interests"}));
        ada = contacts.create(new NewContact("ada@example.com", "Ada", "Test")).id();
        grace = contacts.create(new NewContact("grace@example.com", "Grace", "Test")).id();
        alan = contacts.create(new NewContact("alan@example.com", "Alan", "Test")).id();
        record(ada, "marketing", null, ConsentState.GRANTED);
        record(grace, "marketing", null, ConsentState.GRANTED);
        record(grace, "marketing", Channel.EMAIL, ConsentState.WITHDRAWN);
        record(alan, "profiling", null, ConsentState.WITHDRAWN);
    }

    private void record(long contact, String purpose, Channel channel, ConsentState state) {
        gate.record(new ConsentChange(contact, purpose, channel, state, null, "preference centre", null, null), "agent");
        clock.advance(Duration.ofMinutes(1));
    }

    private List<ConsentQuestion> page() {
        return List.of(new ConsentQuestion(ada, "marketing", "email", "message 1", "campaign spring"),
                new ConsentQuestion(grace, "Marketing", "email", "message 2", "campaign spring"),
                new ConsentQuestion(grace, "marketing", "phone", "message 3", "campaign spring"),
                new ConsentQuestion(alan, "marketing", "email", "message 4", "campaign spring"),
                new ConsentQuestion(alan, "profiling", null, "segment vip", "segments"),
                new ConsentQuestion(ada, "surveys", "email", "message 5", "service desk"),
                new ConsentQuestion(grace, "marketing", "email", "message 6", "campaign autumn"));
    }

    @Test
    public void aPageIsAnsweredAsEachQuestionWouldBeAndEveryBlockIsRecordedWithItsAction() {
        List<ConsentVerdict> batch = gate.checkAll(page());

        List<ConsentBlock> graceBlocks = gate.blocks(grace, 10);
        List<ConsentBlock> alanBlocks = gate.blocks(alan, 10);
        List<ConsentBlock> adaBlocks = gate.blocks(ada, 10);
        assertEquals(List.of(true, false, true, false, false, false, false),
                batch.stream().map(ConsentVerdict::allowed).toList());
        assertEquals("marketing by email withdrawn on 2026-11-01 09:02 UTC (preference centre)", batch.get(1).reason());
        assertEquals("no consent recorded for marketing by email", batch.get(3).reason());
        assertTrue(batch.get(5).reason(), batch.get(5).reason().startsWith("'surveys' is not a purpose"));
        // Blocked twice on the same page, for two messages: each block recorded, as two checks record them.
        assertEquals(List.of("message 6", "message 2"), graceBlocks.stream().map(ConsentBlock::action).toList());
        assertEquals(List.of("campaign autumn", "campaign spring"),
                graceBlocks.stream().map(ConsentBlock::requester).toList());
        assertEquals(List.of("segment vip", "message 4"), alanBlocks.stream().map(ConsentBlock::action).toList());
        assertEquals(List.of("message 5"), adaBlocks.stream().map(ConsentBlock::action).toList());

        // Asked one by one, the same verdicts, reasons and records read.
        List<ConsentVerdict> single = page().stream().map(q -> gate.check(q.contactId(), q.purpose(), q.channel(),
                q.action(), q.requester())).toList();
        assertEquals(single, batch);
        assertEquals(2 * graceBlocks.size(), gate.blocks(grace, 10).size());
    }

    @Test
    public void aChannelThatNamesNoChannelIsRefusedNamingItsQuestionAndNothingIsRecorded() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> gate.checkAll(List.of(
                new ConsentQuestion(alan, "marketing", "email", "message 1", "campaign spring"),
                new ConsentQuestion(grace, "marketing", "pigeon", "message 2", "campaign spring"))));

        assertTrue(refused.getMessage(), refused.getMessage().startsWith("questions[1]: "));
        assertTrue(refused.getMessage(), refused.getMessage().contains("pigeon"));
        assertTrue(gate.blocks(alan, 10).isEmpty());
    }

    @Test
    public void aBlockThatCannotBeWrittenMidPageLeavesNoneOfThePageWritten() throws SQLException {
        // The database refuses grace's block, the page's second of three.
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("alter table PRIVACY_CONSENT_BLOCK add constraint NOT_GRACE check (CONTACT_ID <> " + grace + ")");
        }
        List<ConsentQuestion> page = List.of(new ConsentQuestion(alan, "marketing", "email", "m1", "campaign spring"),
                new ConsentQuestion(grace, "marketing", "email", "m2", "campaign spring"),
                new ConsentQuestion(ada, "surveys", "email", "m3", "campaign spring"));

        assertThrows(RuntimeException.class, () -> gate.checkAll(page));

        assertTrue(gate.blocks(alan, 10).isEmpty());
        assertTrue(gate.blocks(ada, 10).isEmpty());
        assertFalse(gate.checkAll(List.of(page.get(0))).get(0).allowed());
        assertEquals("the page without grace is recorded", 1, gate.blocks(alan, 10).size());
    }
}
