package org.rapport.communication.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.communication.api.Message;
import org.rapport.communication.api.MessageStatus;
import org.rapport.communication.api.SendOutcome;
import org.rapport.communication.api.SendRequest;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.NewContact;
import org.rapport.persistence.Transactions;
import org.rapport.testing.UsesDatabase;

/**
 * A page of messages queued in one transaction ({@code sendAll}), and a page leaving: the consent
 * gate asked about the page at once, the sent messages put on the timelines together; on a real
 * database, a real SMTP server and the real gate.
 */
@Category(UsesDatabase.class)
public class SendAllTest extends MessageFixture {

    private static final Map<String, String> OFFER = Map.of("offer", "20% off");

    private static SendRequest request(long contact, String reference) {
        return new SendRequest(contact, "email", "win-back", "marketing", OFFER, reference);
    }

    @Test
    public void aPageIsQueuedAsSendWouldQueueEachAndARefusedRequestIsRefusedAlone() throws Exception {
        addEmailChannel(Configs.freePort());
        Message earlier = send(bob, "email", "r0");
        List<SendRequest> page = List.of(request(ada, "r1"), request(999, null),
                new SendRequest(ada, "email", "win-back", "marketing", null, null), request(bob, "r0"),
                request(ada, "r0"), request(ada, "r1"), request(bob, null));

        List<SendOutcome> outcomes = messages.sendAll(page, "campaign spring");

        List<String> refusals = new ArrayList<>();
        for (SendRequest r : List.of(page.get(1), page.get(2), page.get(4))) {
            refusals.add(assertThrows(IllegalArgumentException.class, () -> messages.send(r, "x")).getMessage());
        }
        assertEquals(List.of(false, true, true, false, true, false, false),
                outcomes.stream().map(SendOutcome::refused).toList());
        assertEquals(refusals, List.of(outcomes.get(1).refusal(), outcomes.get(2).refusal(), outcomes.get(4).refusal()));
        assertEquals("contactId 999 is not a contact", outcomes.get(1).refusal());
        assertTrue(outcomes.get(4).refusal(), outcomes.get(4).refusal().startsWith("reference 'r0' was used for message "
                + earlier.id()));
        assertEquals("a reference used before is the earlier message", earlier, outcomes.get(3).message());
        assertEquals("a reference given twice in the page is one message", outcomes.get(0).message(),
                outcomes.get(5).message());
        Message forAda = outcomes.get(0).message();
        assertEquals("fr", forAda.language());
        assertEquals("Vous nous manquez, Ada", forAda.subject());
        assertEquals("campaign spring", forAda.requester());
        assertEquals(MessageStatus.QUEUED, forAda.status());
        assertEquals("We miss you, friend", outcomes.get(6).message().subject());
        assertEquals(3, messages.count(null, null));
        assertEquals(forAda, reread(forAda));
    }

    @Test
    public void aMessageTheDatabaseRefusesMidPageLeavesNoneOfThePageQueued() throws Exception {
        addEmailChannel(Configs.freePort());
        alter("alter table COMM_MESSAGE add constraint NOT_BOB check (ADDRESS <> 'bob@example.com')");

        assertThrows(RuntimeException.class, () -> messages.sendAll(List.of(request(ada, "a1"), request(bob, "b1"),
                request(ada, "a2")), "campaign spring"));

        assertEquals(0, messages.count(null, null));
        assertEquals("the page without bob is queued whole", 2, messages.sendAll(List.of(request(ada, "a1"),
                request(ada, "a2")), "campaign spring").size());
        assertEquals(2, messages.count(null, null));
    }

    @Test
    public void aPageLeavesAfterOneQuestionToTheGateAndLandsOnTheTimelinesTogether() throws Exception {
        smtpOn(Configs.freePort());
        addEmailChannel(smtp.getSmtp().getPort());
        long carol = contacts.create(new NewContact("carol@example.com", "Carol", "Jones")).id();
        long dan = contacts.create(new NewContact("dan@example.com", "Dan", "Brown")).id();
        grant(ada, "marketing", Channel.EMAIL);
        grant(carol, "marketing", null);
        grant(dan, "marketing", null);
        Transactions.run(db.emf(), em -> {
            AddressEntity bounced = new AddressEntity("dan@example.com", clock.instant());
            bounced.undeliverable = true;
            bounced.reason = "550 no such user";
            em.persist(bounced);
        });
        List<SendOutcome> page = messages.sendAll(List.of(request(ada, null), request(bob, null), request(carol, null),
                request(dan, null)), "campaign spring");

        assertEquals(4, messages.dispatcher().runOnce());

        Message toBob = reread(page.get(1).message());
        Message toDan = reread(page.get(3).message());
        assertEquals(MessageStatus.SENT, reread(page.get(0).message()).status());
        assertEquals(MessageStatus.BLOCKED, toBob.status());
        assertEquals("no consent recorded for marketing by email", toBob.lastError());
        assertEquals(MessageStatus.SENT, reread(page.get(2).message()).status());
        assertEquals(MessageStatus.FAILED, toDan.status());
        assertTrue(toDan.lastError(), toDan.lastError().contains("undeliverable after a hard bounce (550 no such user)"));
        assertEquals(2, smtp.getReceivedMessages().length);
        assertEquals("bob's block recorded with its message", "message " + toBob.id() + " 'win-back' by email",
                consent.blocks(bob, 10).get(0).action());
        assertTrue("a bounced address is not asked about", consent.blocks(dan, 10).isEmpty());
        assertEquals(1, timeline(ada).size());
        assertEquals(Long.toString(page.get(2).message().id()), timeline(carol).get(0).payload().get("messageId"));
        assertTrue(timeline(bob).isEmpty());
        assertTrue(timeline(dan).isEmpty());
    }

    @Test
    public void aTimelineEntryRefusedMidPageCostsOnlyItsOwnEntry() throws Exception {
        smtpOn(Configs.freePort());
        addEmailChannel(smtp.getSmtp().getPort());
        grant(ada, "marketing", null);
        grant(bob, "marketing", null);
        // Bob's entry (his subject: no first name) cannot be stored, so the page's cannot be stored whole.
        alter("alter table INTERACTION add constraint NOT_FRIEND check (SUMMARY <> 'We miss you, friend')");
        List<SendOutcome> page = messages.sendAll(List.of(request(ada, null), request(bob, null), request(ada, null)),
                "campaign spring");

        assertEquals(3, messages.dispatcher().runOnce());

        assertEquals(3, smtp.getReceivedMessages().length);
        page.forEach(o -> assertEquals(MessageStatus.SENT, reread(o.message()).status()));
        assertEquals(Set.of(Long.toString(page.get(0).message().id()), Long.toString(page.get(2).message().id())),
                Set.copyOf(timeline(ada).stream().map(i -> i.payload().get("messageId")).toList()));
        assertTrue(timeline(bob).isEmpty());
        assertNull("nothing is sent again", reread(page.get(1).message()).nextAttemptAt());
    }

    private List<Interaction> timeline(long contact) {
        return interactions.timeline(contact, Set.of(), 0, 10);
    }
}
