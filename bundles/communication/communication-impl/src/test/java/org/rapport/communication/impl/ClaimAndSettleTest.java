package org.rapport.communication.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.mail.internet.MimeMessage;

import org.junit.Before;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.communication.api.Message;
import org.rapport.communication.api.MessageStatus;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.NewContact;
import org.rapport.testing.UsesDatabase;

/**
 * A page taken from the outbox (found, claimed, read and keyed in one transaction) and settled (in
 * one more), when the database refuses one message of the page midway: nothing of the page is
 * half-written. On a real database and a real SMTP server (GreenMail).
 */
@Category(UsesDatabase.class)
public class ClaimAndSettleTest extends MessageFixture {

    private List<Message> queued;

    @Before
    public void sixMessagesToSend() throws Exception {
        int port = Configs.freePort();
        smtpOn(port);
        addEmailChannel(port);
        queued = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long contact = contacts.create(new NewContact("reader" + i + "@example.com", "Reader" + i, "Page")).id();
            grant(contact, "marketing", Channel.EMAIL);
            queued.add(send(contact, "email", null));
        }
    }

    @Test
    public void aMessageTheDatabaseRefusesToKeyLeavesNoneOfThePageClaimedAndNothingSent() throws Exception {
        long refused = queued.get(3).id();
        alter("alter table COMM_MESSAGE add constraint NO_KEY check (ID <> " + refused + " or DELIVERY_KEY is null)");

        RuntimeException failure = assertThrows(RuntimeException.class, () -> messages.dispatcher().runOnce());

        assertTrue(failure.getMessage(), failure.getMessage().contains("could not store the delivery keys of 6 messages"));
        assertEquals("nothing left", 0, smtp.getReceivedMessages().length);
        for (Message m : queued) {
            Message now = reread(m);
            assertEquals(MessageStatus.QUEUED, now.status());
            assertEquals("not claimed: due as before", m.nextAttemptAt(), now.nextAttemptAt());
            assertEquals(0, now.attempts());
        }

        alter("alter table COMM_MESSAGE drop constraint NO_KEY");
        assertEquals("due at once, no lease to wait for", 6, messages.dispatcher().runOnce());
        assertEquals(6, receivedOnce().size());
        queued.forEach(m -> assertEquals(MessageStatus.SENT, reread(m).status()));
    }

    @Test
    public void aPageTheDatabaseRefusesToSettleStaysClaimedWholeAndLeavesAgainWithTheSameKeysAfterTheLease()
            throws Exception {
        Instant claimedAt = clock.instant();
        long refused = queued.get(3).id();
        alter("alter table COMM_MESSAGE add constraint NOT_SENT check (ID <> " + refused + " or STATUS <> 'SENT')");

        RuntimeException failure = assertThrows(RuntimeException.class, () -> messages.dispatcher().runOnce());

        assertTrue(failure.getMessage(), failure.getMessage().contains("could not settle a page of 6 messages"));
        assertEquals("the page left before it was settled", 6, smtp.getReceivedMessages().length);
        for (Message m : queued) {
            Message now = reread(m);
            assertEquals("none of the page settled", MessageStatus.QUEUED, now.status());
            assertEquals(0, now.attempts());
            assertNull(now.sentAt());
            assertEquals("claimed until the lease ends", claimedAt.plus(Dispatcher.LEASE), now.nextAttemptAt());
        }
        assertTrue("no message reported sent: " + events, events.stream().noneMatch(e -> e.startsWith("SENT ")));

        alter("alter table COMM_MESSAGE drop constraint NOT_SENT");
        assertEquals("nothing is due while the lease holds", 0, messages.dispatcher().runOnce());
        clock.advance(Dispatcher.LEASE);
        assertEquals(6, messages.dispatcher().runOnce());
        for (Message m : queued) {
            Message now = reread(m);
            assertEquals(MessageStatus.SENT, now.status());
            assertEquals("one attempt settled", 1, now.attempts());
        }
        Map<String, Set<String>> keys = new HashMap<>();
        for (MimeMessage mail : smtp.getReceivedMessages()) {
            keys.computeIfAbsent(mail.getHeader(EmailChannel.MESSAGE_HEADER, null), k -> new HashSet<>())
                    .add(mail.getMessageID());
        }
        assertEquals("each message of the page twice, the receiver able to tell the repeat by its Message-ID", 6,
                keys.size());
        assertEquals(12, smtp.getReceivedMessages().length);
        keys.forEach((id, ids) -> assertEquals("message " + id + ": " + ids, 1, ids.size()));
    }
}
