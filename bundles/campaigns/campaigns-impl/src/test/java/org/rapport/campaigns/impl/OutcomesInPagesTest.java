package org.rapport.campaigns.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.osgi.service.event.Event;
import org.rapport.communication.api.Message;
import org.rapport.communication.api.MessageEvents;
import org.rapport.communication.api.MessageStatus;
import org.rapport.communication.api.SendRequest;
import org.rapport.communication.impl.Outbox;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.NewContact;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.api.ConsentState;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * The outcomes Event Admin hands in, settled a page at a time on a thread of their own: each
 * recipient takes its own message's outcome once, a page that cannot be settled whole is settled
 * outcome by outcome with nothing of it half-written, and what waits when the component goes is
 * settled before it does. On a real database, the real outbox and the real consent gate.
 */
@Category(UsesDatabase.class)
public class OutcomesInPagesTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-campaigns", "rapport-contacts", "rapport-segments",
            "rapport-communication", "rapport-privacy", "rapport-rules");

    private CampaignsFixture f;
    private MessageOutcomes paged;
    private long ada;
    private long bob;
    private long carol;

    @Before
    public void setUp() {
        f = new CampaignsFixture(db);
        paged = new MessageOutcomes(f.unit, f.messages, true);
        ada = f.contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        bob = f.contacts.create(new NewContact("bob@example.com", "Bob", "Smith")).id();
        carol = f.contacts.create(new NewContact("carol@example.com", "Carol", "Jones")).id();
        f.grant(ada, "marketing", ConsentState.GRANTED, Channel.EMAIL);
        f.grant(carol, "marketing", ConsentState.GRANTED, Channel.EMAIL);
    }

    /** Messages sent (or blocked: Bob gave no consent) before their recipients exist, so only the test's events settle them. */
    private Map<Long, Message> dispatched(long... contacts) {
        Map<Long, Message> sent = new HashMap<>();
        for (long c : contacts) {
            sent.put(c, f.messages.send(new SendRequest(c, "email", "spring-a", "marketing",
                    Map.of("unsubscribeUrl", "https://crm.shop.example/u"), null), "campaign spring"));
        }
        Outbox.dispatch(f.messages);
        sent.replaceAll((c, m) -> f.messages.find(m.id()).orElseThrow());
        return sent;
    }

    /** A queued recipient of campaign 1 for the message. */
    private long recipient(Message m) {
        return Transactions.retrying(f.unit, 1, em -> {
            RecipientEntity r = new RecipientEntity(1, m.contactId(), "A");
            r.status = RecipientEntity.State.QUEUED;
            r.messageId = m.id();
            em.persist(r);
            em.flush();
            return r.id;
        });
    }

    private static Event outcome(String topic, long recipient, long messageId) {
        return new Event(topic, Map.of(MessageEvents.MESSAGE_ID, messageId, MessageEvents.REFERENCE,
                LinkTokens.REFERENCE_PREFIX + recipient + "-a1b2"));
    }

    private RecipientEntity read(long recipient) {
        return Transactions.read(f.unit, em -> em.find(RecipientEntity.class, recipient));
    }

    private void alter(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    public void eachRecipientTakesItsOwnMessagesOutcomeAndWhatWaitsIsSettledBeforeTheComponentGoes() {
        Map<Long, Message> sent = dispatched(ada, bob, carol);
        assertEquals(MessageStatus.BLOCKED, sent.get(bob).status());
        long toAda = recipient(sent.get(ada));
        long toBob = recipient(sent.get(bob));
        long toCarol = recipient(sent.get(carol));

        paged.handleEvent(outcome(MessageEvents.SENT, toAda, sent.get(ada).id()));
        paged.handleEvent(outcome(MessageEvents.BLOCKED, toBob, sent.get(bob).id()));
        // A look-alike reference naming Carol's recipient with Ada's message settles nothing.
        paged.handleEvent(outcome(MessageEvents.SENT, toCarol, sent.get(ada).id()));
        paged.deactivate();

        assertEquals(RecipientEntity.State.SENT, read(toAda).status);
        assertNull(read(toAda).reason);
        assertEquals(RecipientEntity.State.HELD, read(toBob).status);
        assertEquals("no consent recorded for marketing by email", read(toBob).reason);
        assertEquals(RecipientEntity.State.QUEUED, read(toCarol).status);
    }

    @Test
    public void anOutcomeRefusedMidPageLeavesNothingOfThePageHalfWrittenAndCostsOnlyItself() throws Exception {
        Map<Long, Message> sent = dispatched(ada, bob, carol);
        List<Long> recipients = List.of(recipient(sent.get(ada)), recipient(sent.get(bob)), recipient(sent.get(carol)));
        // Bob's block cannot be stored: the page's transaction fails after Ada's recipient was settled in it.
        alter("alter table CAMPAIGN_RECIPIENT add constraint NOT_HELD check (STATUS <> 'HELD')");

        paged.settleAll(List.of(new MessageOutcomes.Outcome(recipients.get(0), sent.get(ada).id(),
                RecipientEntity.State.SENT, null), new MessageOutcomes.Outcome(recipients.get(1), sent.get(bob).id(), null,
                null), new MessageOutcomes.Outcome(recipients.get(2), sent.get(carol).id(), RecipientEntity.State.SENT,
                null)));
        paged.deactivate();

        assertEquals(RecipientEntity.State.SENT, read(recipients.get(0)).status);
        assertEquals(RecipientEntity.State.SENT, read(recipients.get(2)).status);
        RecipientEntity toBob = read(recipients.get(1));
        assertEquals("Bob's outcome wrote nothing", RecipientEntity.State.QUEUED, toBob.status);
        assertNull(toBob.reason);
    }
}
