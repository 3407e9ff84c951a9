package org.rapport.communication.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.communication.api.Message;
import org.rapport.communication.api.MessageChannel;
import org.rapport.communication.api.MessageStatus;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.NewContact;
import org.rapport.testing.Await;
import org.rapport.testing.UsesDatabase;

/**
 * Sending a page of messages on the sender threads over SMTP connections kept open, against a real
 * SMTP server (GreenMail) behind a proxy that counts connections and cuts one mid-page.
 */
@Category(UsesDatabase.class)
public class SendingPagesTest extends MessageFixture {

    private CuttingProxy proxy;

    /** The fixture's outbox with a channel budget of 30 s rather than 1 s: a slow machine times nothing out here. */
    @Before
    public void patientOutbox() {
        messages.stop();
        messages = new MessageServiceImpl(db.emf(), contacts, interactions, consent, channels, clock,
                new DispatchSettings(50, 4, Duration.ofSeconds(30), Duration.ofSeconds(120), Duration.ofSeconds(30), 3,
                        2), e -> events.add(e.getTopic()));
    }

    @After
    public void closeProxy() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
    }

    private void emailThroughProxy(int keepOpenSeconds) throws Exception {
        int port = Configs.freePort();
        smtpOn(port);
        proxy = new CuttingProxy(port);
        channels.add(new EmailChannel(Configs.email(proxy.port(), keepOpenSeconds)), Map.of(MessageChannel.NAME, "email"));
    }

    /** {@code n} new contacts who consented to marketing by email, one message queued to each. */
    private List<Message> queue(int n, String prefix) {
        List<Message> queued = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long contact = contacts.create(new NewContact(prefix + i + "@example.com", "Reader" + i, "Page")).id();
            grant(contact, "marketing", Channel.EMAIL);
            queued.add(send(contact, "email", null));
        }
        return queued;
    }

    @Test
    public void aPageGoesOutOnAConnectionPerSenderAndTheNextPageUsesTheSameConnections() throws Exception {
        emailThroughProxy(10);
        List<Message> first = queue(12, "first");

        assertEquals(12, messages.dispatcher().runOnce());
        assertEquals(12, smtp.getReceivedMessages().length);
        int connections = proxy.opened();
        assertTrue("one connection for each of the 2 senders at most, not " + connections, connections >= 1
                && connections <= 2);
        first.forEach(m -> assertEquals(MessageStatus.SENT, reread(m).status()));

        List<Message> second = queue(12, "second");
        assertEquals(12, messages.dispatcher().runOnce());
        assertEquals(24, receivedOnce().size());
        assertEquals("the kept connections carried the second page", connections, proxy.opened());
        assertEquals("none was closed", 0, proxy.ended());
        second.forEach(m -> assertEquals(MessageStatus.SENT, reread(m).status()));
        assertEquals("each sent message is on its contact's timeline", 1, interactions
                .timeline(second.get(0).contactId(), Set.of(), 0, 10).size());
    }

    @Test
    public void aConnectionCutMidPageRetriesOnlyTheMessageTheServerDidNotAccept() throws Exception {
        emailThroughProxy(10);
        List<Message> queued = queue(10, "cut");
        proxy.cutAtMessage(4);

        assertEquals(10, messages.dispatcher().runOnce());
        List<Message> retrying = queued.stream().map(this::reread).filter(m -> m.status() == MessageStatus.RETRYING)
                .toList();
        assertEquals(1, retrying.size());
        assertTrue(retrying.get(0).lastError(), retrying.get(0).lastError().contains("closed the connection"));
        assertEquals(9, queued.stream().map(this::reread).filter(m -> m.status() == MessageStatus.SENT).count());
        assertEquals(9, receivedOnce().size());
        assertTrue("the server never saw the cut message", !receivedOnce().contains(Long.toString(retrying.get(0).id())));

        assertEquals("nothing is due before the wait", 0, messages.dispatcher().runOnce());
        clock.advance(Duration.ofSeconds(30));
        assertEquals(1, messages.dispatcher().runOnce());
        assertEquals(MessageStatus.SENT, reread(retrying.get(0)).status());
        assertEquals("every message once, none twice", 10, receivedOnce().size());
    }

    @Test
    public void aKeptConnectionIsClosedWhenIdleAndANewOneCarriesTheNextMessage() throws Exception {
        emailThroughProxy(1);
        queue(3, "idle");
        assertEquals(3, messages.dispatcher().runOnce());
        int connections = proxy.opened();
        Await.until("the idle connections closed", Duration.ofSeconds(10), () -> proxy.ended() == connections);

        queue(1, "later");
        assertEquals(1, messages.dispatcher().runOnce());
        assertEquals(connections + 1, proxy.opened());
        assertEquals(4, receivedOnce().size());
    }

    @Test
    public void aServerThatDroppedAKeptConnectionGetsTheNextMessageOnANewOne() throws Exception {
        emailThroughProxy(60);
        queue(2, "before");
        assertEquals(2, messages.dispatcher().runOnce());
        int connections = proxy.opened();
        smtp.reset(); // a server restarted: every connection closed, the channel still holds them as kept

        List<Message> after = queue(2, "after");
        assertEquals(2, messages.dispatcher().runOnce());
        after.forEach(m -> assertEquals("RSET found the connection dead, a new one sent it", MessageStatus.SENT,
                reread(m).status()));
        assertTrue(proxy.opened() > connections);
        assertEquals(2, receivedOnce().size());
    }

    @Test
    public void withoutKeepingConnectionsEachMessageHasItsOwn() throws Exception {
        emailThroughProxy(0);
        queue(5, "own");
        assertEquals(5, messages.dispatcher().runOnce());
        assertEquals(5, proxy.opened());
        Await.until("each connection closed after its message", Duration.ofSeconds(10),
                () -> proxy.ended() == 5);
        assertEquals(5, receivedOnce().size());
    }

    @Test
    public void badSettingsAreRefusedNamingTheSetting() {
        try {
            new EmailChannel(Configs.email(25, -1));
            fail("a negative keepOpenSeconds");
        } catch (IllegalArgumentException e) {
            assertEquals("keepOpenSeconds in org.rapport.channel.email is 0 or more seconds, not -1", e.getMessage());
        }
        for (int senders : new int[] {0, Dispatcher.MAX_SENDERS + 1}) {
            try {
                new DispatchSettings(50, 4, Duration.ofSeconds(30), Duration.ofSeconds(120), Duration.ofSeconds(30), 3,
                        senders);
                fail(senders + " senders");
            } catch (IllegalArgumentException e) {
                assertEquals("in org.rapport.communication, senders is 1 to 16, not " + senders, e.getMessage());
            }
        }
    }
}
