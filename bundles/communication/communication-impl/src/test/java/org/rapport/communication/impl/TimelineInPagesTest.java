package org.rapport.communication.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.communication.api.MessageStatus;
import org.rapport.communication.api.SendOutcome;
import org.rapport.communication.api.SendRequest;
import org.rapport.contacts.api.Interaction;
import org.rapport.testing.Await;
import org.rapport.testing.UsesDatabase;

/**
 * The started dispatcher's timeline entries, written a page at a time on a thread of their own
 * while the next page leaves: every sent message on its contact's timeline once, a page that
 * cannot be written whole written message by message with nothing of it half-written, and what
 * waits at a stop written before it ends. On a real database and a real SMTP server.
 */
@Category(UsesDatabase.class)
public class TimelineInPagesTest extends MessageFixture {

    private static final Map<String, String> OFFER = Map.of("offer", "20% off");

    @Before
    public void mailServerAndConsents() throws Exception {
        smtpOn(Configs.freePort());
        addEmailChannel(smtp.getSmtp().getPort());
        grant(ada, "marketing", null);
        grant(bob, "marketing", null);
    }

    @After
    public void stopDispatcher() {
        messages.stop();
    }

    private List<SendOutcome> queue(long... contacts) {
        return messages.sendAll(Arrays.stream(contacts)
                .mapToObj(c -> new SendRequest(c, "email", "win-back", "marketing", OFFER, null)).toList(),
                "campaign spring");
    }

    private List<Interaction> timeline(long contact) {
        return interactions.timeline(contact, Set.of(), 0, 50);
    }

    private Set<String> messageIds(long contact) {
        return Set.copyOf(timeline(contact).stream().map(i -> i.payload().get("messageId")).toList());
    }

    @Test
    public void theEntriesAreWrittenOffTheDispatchersThreadEachOnce() throws Exception {
        // Started as the component starts it: the queued page wakes it, and its entries go to their own thread.
        messages.dispatcher().start(3_600_000);
        List<SendOutcome> page = queue(ada, bob, ada, bob, ada);

        allSent(page);
        Await.until("five entries on the timelines", Duration.ofSeconds(10),
                () -> timeline(ada).size() + timeline(bob).size() == 5);
        assertEquals(Set.of(id(page, 0), id(page, 2), id(page, 4)), messageIds(ada));
        assertEquals(Set.of(id(page, 1), id(page, 3)), messageIds(bob));
        assertEquals("each once", 3, timeline(ada).size());
    }

    @Test
    public void anEntryRefusedMidPageLeavesNothingOfThePageHalfWrittenAndCostsOnlyItself() throws Exception {
        // Bob's entry (his subject: no first name) cannot be stored: a page holding it fails after the entries before it.
        alter("alter table INTERACTION add constraint NOT_FRIEND check (SUMMARY <> 'We miss you, friend')");
        messages.dispatcher().start(3_600_000);
        List<SendOutcome> page = queue(ada, bob, ada);

        allSent(page);
        // The stop writes what still waits before it returns.
        messages.stop();

        assertEquals(3, smtp.getReceivedMessages().length);
        assertEquals("Ada's two entries, each once", 2, timeline(ada).size());
        assertEquals(Set.of(id(page, 0), id(page, 2)), messageIds(ada));
        assertTrue(timeline(bob).isEmpty());
        assertEquals(MessageStatus.SENT, reread(page.get(1).message()).status());
        assertNull("nothing is sent again", reread(page.get(1).message()).nextAttemptAt());
    }

    private void allSent(List<SendOutcome> page) throws Exception {
        Await.until("the page sent", Duration.ofSeconds(20),
                () -> page.stream().allMatch(o -> reread(o.message()).status() == MessageStatus.SENT));
    }

    private static String id(List<SendOutcome> page, int i) {
        return Long.toString(page.get(i).message().id());
    }
}
