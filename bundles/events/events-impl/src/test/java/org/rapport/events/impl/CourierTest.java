package org.rapport.events.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.persistence.DomainEvents;
import org.rapport.persistence.Transactions;
import org.rapport.persistence.impl.DatabaseCluster;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * One subscription sent to on several connections side by side, kept open from one pass to the
 * next: each contact's events still in order, a pass whose receiver fails midway, a kept
 * connection given up when its name no longer resolves to the address it goes to. Derby, a real
 * HTTP receiver on loopback, time moved by hand.
 */
@Category(UsesDatabase.class)
public class CourierTest {

    @Rule
    public final TestPersistence db = new TestPersistence("events-test");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    /** Where "moving.example.com" points: loopback, or an address inside. */
    private volatile byte[] moving = {127, 0, 0, 1};
    private Receiver receiver;
    private EventsService events;

    @Before
    public void start() throws Exception {
        receiver = new Receiver();
        events = new EventsService(db.dataSource(), new DatabaseCluster(db.dataSource(), "node-a", Duration.ofMinutes(1),
                null, clock), clock, Settings.defaults(false, false, true).withAttempts(3, 10).withConnections(3),
                new Secrets(new byte[32]), this::resolve, e -> { });
    }

    @After
    public void stop() {
        events.deactivate();
        receiver.close();
    }

    @Test
    public void contactsAreSentSideBySideEachInOrderAndAFailureMidwayLeavesTheOthersDelivered() throws Exception {
        long id = events.subscribe("erp", receiver.url(), List.of("tier.changed"), "admin").subscription().id();
        CountDownLatch two = new CountDownLatch(2);
        // The first requests are answered only once two have arrived: one after the other, they would time out.
        receiver.answer = r -> {
            two.countDown();
            return await(two) ? r.subject().equals("3") ? 503 : 200 : 500;
        };
        record(4, 3);
        assertEquals(12, events.take());
        assertEquals("one event of each of 4 contacts a pass", 4, events.deliverDue());
        assertEquals("the pass's requests went side by side", 0, two.getCount());
        List<Delivery> all = events.deliveries(id, null, 20);
        assertEquals("the 3 answered recorded as delivered", 3, all.stream().filter(d -> d.state().equals(Delivery.DELIVERED))
                .count());
        Delivery failed = all.stream().filter(d -> d.contactId() == 3 && d.attempts() == 1).findFirst().orElseThrow();
        assertEquals(Delivery.PENDING, failed.state());
        assertEquals(clock.instant().plusSeconds(10), failed.nextAt());

        assertEquals(3, events.deliverDue());
        assertEquals("contact 3's later events wait for its first", 3, events.deliverDue());
        assertEquals(0, events.deliverDue());
        receiver.answer = r -> 200;
        clock.advance(Duration.ofSeconds(10));
        for (int pass = 0; pass < 3; pass++) {
            assertEquals("then contact 3's, one a pass", 1, events.deliverDue());
        }
        for (long contact = 1; contact <= 4; contact++) {
            List<Integer> steps = new ArrayList<>();
            String subject = Long.toString(contact);
            receiver.received.stream().filter(r -> r.subject().equals(subject))
                    .forEach(r -> steps.add(r.json().at("/data/step").asInt()));
            List<Integer> delivered = contact == 3 ? List.of(1, 1, 2, 3) : List.of(1, 2, 3);
            assertEquals(subject + "'s events in the order recorded (3's first twice: failed, then again)", delivered,
                    steps);
        }
        assertEquals(0, events.subscription(id).orElseThrow().faults());
    }

    @Test
    public void aKeptConnectionIsGivenUpWhenTheNameNoLongerResolvesToItsAddress() {
        long id = events.subscribe("moving", receiver.url("moving.example.com"), List.of("tier.changed"), "admin")
                .subscription().id();
        record(1, 2);
        events.take();
        assertEquals(1, events.deliverDue());
        assertEquals(1, events.deliverDue());
        assertEquals(2, receiver.received.size());
        assertEquals("the second pass used the connection the first opened", receiver.received.get(0).port(),
                receiver.received.get(1).port());

        moving = new byte[] {10, 1, 2, 3};
        record(1, 1);
        events.take();
        assertEquals(1, events.deliverDue());
        assertEquals("nothing sent on the open connection once the name points inside", 2, receiver.received.size());
        assertTrue(events.deliveries(id, Delivery.PENDING, 1).get(0).error().startsWith(
                "refused: url's host moving.example.com is 10.1.2.3"));

        moving = new byte[] {127, 0, 0, 1};
        clock.advance(Duration.ofSeconds(10));
        assertEquals(1, events.deliverDue());
        assertEquals(3, receiver.received.size());
        assertNotEquals("checked again, on a new connection", receiver.received.get(1).port(), receiver.received.get(2)
                .port());
    }

    /** Events of contacts 1..contacts, steps 1..steps of each, in one transaction. */
    private void record(int contacts, int steps) {
        Transactions.run(db.emf(), em -> {
            for (int step = 1; step <= steps; step++) {
                for (long contact = 1; contact <= contacts; contact++) {
                    DomainEvents.record(em, "tier.changed", contact, clock.instant(), Map.of("step", step));
                }
            }
        });
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private InetAddress[] resolve(String host) throws UnknownHostException {
        return "moving.example.com".equals(host) ? new InetAddress[] {InetAddress.getByAddress(host, moving)}
                : InetAddress.getAllByName(host);
    }
}
