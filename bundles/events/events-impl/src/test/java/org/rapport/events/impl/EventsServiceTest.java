package org.rapport.events.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.osgi.service.event.Event;
import org.rapport.persistence.DomainEvents;
import org.rapport.persistence.Transactions;
import org.rapport.persistence.impl.DatabaseCluster;
import org.rapport.privacy.spi.AuditEvents;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * The outbox on Derby, delivering to a real HTTP receiver on loopback; time moves only when the
 * test moves the clock, and a pass of delivery runs only when the test asks for one.
 */
@Category(UsesDatabase.class)
public class EventsServiceTest {

    @Rule
    public final TestPersistence db = new TestPersistence("events-test");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    private final List<Event> audited = new CopyOnWriteArrayList<>();
    private Receiver receiver;
    private EventsService events;

    @Before
    public void start() throws Exception {
        receiver = new Receiver();
        events = new EventsService(db.dataSource(), new DatabaseCluster(db.dataSource(), "node-a", Duration.ofMinutes(1),
                null, clock), clock, Settings.defaults(false, false, true).withAttempts(3, 4), new Secrets(new byte[32]),
                EventsServiceTest::resolve, audited::add);
    }

    @After
    public void stop() {
        receiver.close();
    }

    @Test
    public void eventsArriveSignedAsCloudEventsInOrderPerContactAndOnlyThoseAskedFor() throws Exception {
        EventsService.Created created = events.subscribe("crm-sync", receiver.url(),
                List.of("contact.created,purchase.booked"), "admin");
        assertTrue(created.secret().startsWith("whsec_") && created.secret().length() > 40);
        assertEquals(List.of("contact.created", "purchase.booked"), created.subscription().types());
        assertEquals("subscription.create", audited.get(0).getProperty(AuditEvents.ACTION));
        assertFalse("the secret is not in the audit log", audited.get(0).toString().contains(created.secret()));

        recorded("contact.created", 7);
        Transactions.run(db.emf(), em -> DomainEvents.record(em, "purchase.booked", 7, clock.instant(),
                Map.of("contactId", 7L, "orderId", "ORDER-1", "amount", new BigDecimal("1200.00"))));
        recorded("interaction.recorded", 7);
        assertEquals(2, events.deliverDue() + events.deliverDue());

        assertEquals(List.of("contact.created", "purchase.booked"), receiver.types());
        for (Receiver.Received r : receiver.received) {
            assertEquals("application/cloudevents+json", r.contentType());
            assertEquals(Long.toString(clock.instant().getEpochSecond()), r.timestamp());
            assertEquals("the signature is verifiable with the secret shown once",
                    "v1=" + hmac(created.secret(), r.timestamp() + "." + new String(r.body(), StandardCharsets.UTF_8)),
                    r.signature());
            assertEquals("1.0", r.json().get("specversion").asText());
            assertEquals("7", r.subject());
            assertEquals("/rapport", r.json().get("source").asText());
        }
        Receiver.Received purchase = receiver.received.get(1);
        assertEquals("1200.00", purchase.json().at("/data/amount").asText());
        assertEquals("ORDER-1", purchase.json().at("/data/orderId").asText());
        assertEquals(Delivery.DELIVERED, events.deliveries(created.subscription().id(), null, 10).get(0).state());

        // A tampered body no longer matches its signature.
        Receiver.Received first = receiver.received.get(0);
        assertFalse(first.signature().equals("v1=" + hmac(created.secret(), first.timestamp() + "."
                + new String(first.body(), StandardCharsets.UTF_8).replace("\"7\"", "\"8\""))));
    }

    @Test
    public void aFailingEventIsRetriedWithBackoffThenDeadLetteredWhileOtherContactsGoOnAndItsContactWaits() {
        long id = events.subscribe("flaky", receiver.url(), List.of("contact.created", "contact.updated"), "admin")
                .subscription().id();
        receiver.answer = r -> r.subject().equals("1") && r.type().equals("contact.created") ? 503 : 200;
        recorded("contact.created", 1);
        recorded("contact.updated", 1);
        recorded("contact.created", 2);

        assertEquals("contact 1's first event fails, its second waits behind it, contact 2's goes", 2, events.deliverDue());
        assertEquals(List.of("contact.created", "contact.created"), receiver.types());
        Delivery failing = events.deliveries(id, Delivery.PENDING, 10).get(1);
        assertEquals(1, failing.attempts());
        assertTrue(failing.error(), failing.error().endsWith("answered HTTP 503"));
        assertEquals(clock.instant().plusSeconds(10), failing.nextAt());

        clock.advance(Duration.ofSeconds(9));
        assertEquals("not before its time", 0, events.deliverDue());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, events.deliverDue());
        assertEquals("the wait doubles", clock.instant().plusSeconds(20),
                events.deliveries(id, Delivery.PENDING, 10).get(1).nextAt());
        clock.advance(Duration.ofSeconds(20));
        assertEquals(1, events.deliverDue());

        Delivery dead = events.deliveries(id, Delivery.DEAD, 10).get(0);
        assertEquals(3, dead.attempts());
        assertEquals("contact.created", dead.type());
        assertEquals("then contact 1's next event goes", 1, events.deliverDue());
        assertEquals("contact.updated", receiver.types().get(receiver.types().size() - 1));
        assertEquals(List.of(), events.deliveries(id, Delivery.PENDING, 10));

        // Replay from a point in time: the dead one and the others again, with their own ids.
        receiver.answer = r -> 200;
        String deadId = dead.eventId();
        assertEquals(3, events.replay(id, Instant.parse("2026-12-01T09:00:00Z"), null, "admin"));
        assertEquals(0, events.replay(id, clock.instant().plusSeconds(1), null, "admin"));
        int before = receiver.received.size();
        assertEquals("contact 1's two in turn", 2, events.deliverDue());
        assertEquals(1, events.deliverDue());
        assertTrue("the dead one first among contact 1's", receiver.received.subList(before, before + 2).stream()
                .anyMatch(r -> r.json().get("id").asText().equals(deadId)));
        assertEquals("subscription.replay", audited.get(audited.size() - 1).getProperty(AuditEvents.ACTION));

        // A month on, what was delivered or dead is removed; what waits stays.
        clock.advance(Duration.ofDays(31));
        recorded("contact.created", 3);
        assertEquals(3, events.prune());
        List<Delivery> left = events.deliveries(id, null, 10);
        assertEquals(1, left.size());
        assertEquals(Delivery.PENDING, left.get(0).state());
        assertEquals("only what is kept is replayed", 1, events.replay(id, Instant.parse("2026-12-01T09:00:00Z"), null, "admin"));
    }

    @Test
    public void aSubscriberThatKeepsFailingIsSuspendedAndAuditedUntilResumedAndErasureReachesItsEvents() {
        long id = events.subscribe("down", receiver.url(), List.of("contact.created", "contact.erased"), "admin")
                .subscription().id();
        receiver.answer = r -> 500;
        for (long contact = 1; contact <= 5; contact++) {
            recorded("contact.created", contact);
        }
        assertEquals("suspended at the fourth failure in a row", 4, events.deliverDue());
        Subscription down = events.subscription(id).orElseThrow();
        assertEquals(Subscription.SUSPENDED, down.state());
        assertEquals(4, down.faults());
        Event suspended = audited.get(audited.size() - 1);
        assertEquals("subscription.suspended", suspended.getProperty(AuditEvents.ACTION));
        assertEquals("system", suspended.getProperty(AuditEvents.ACTOR));
        assertEquals("subscription down", suspended.getProperty(AuditEvents.SUBJECT));
        clock.advance(Duration.ofHours(1));
        assertEquals("a suspended subscription is not called", 0, events.deliverDue());
        recorded("contact.created", 6);

        assertEquals(Map.of("events", List.of()), events.export(99));
        assertEquals("1 event(s) and 1 delivery record(s) removed; contact.erased announced", events.erase(5));
        assertFalse(events.export(5).toString().contains("contact.created"));
        assertEquals("erasing again changes nothing", "0 event(s) and 0 delivery record(s) removed", events.erase(5));

        receiver.answer = r -> 200;
        assertTrue(events.resume(id, "admin"));
        assertFalse(events.resume(id, "admin"));
        assertEquals(0, events.subscription(id).orElseThrow().faults());
        int delivered = 0;
        for (int pass = 0; pass < 3; pass++) {
            delivered += events.deliverDue();
        }
        assertEquals("1-4 again, 6 kept while suspended, the erasure of 5", 6, delivered);
        List<Receiver.Received> last = receiver.received.subList(receiver.received.size() - 6, receiver.received.size());
        assertEquals("of contact 5 only its erasure", List.of("contact.erased"), last.stream().filter(r -> r.subject()
                .equals("5")).map(Receiver.Received::type).toList());
        assertTrue(events.unsubscribe(id, "admin"));
        assertEquals(List.of(), events.deliveries(id, null, 10));
    }

    @Test
    public void subscriptionsThatWouldReachTheInternalNetworkOrAreMalformedAreRefusedNamingTheField() {
        Map<String, String> refused = new HashMap<>();
        refused.put("ftp://hooks.example.com/x", "url must start with https://");
        refused.put("file:///etc/passwd", "url must start with https://");
        refused.put("http://hooks.example.com/x", "url must use https:// unless it points at loopback");
        refused.put("https://metadata.example.com/latest", "url's host metadata.example.com is 169.254.169.254");
        refused.put("https://169.254.169.254/latest", "an address in a private or link-local range");
        refused.put("https://intranet.example.com/", "url's host intranet.example.com is 10.1.2.3");
        refused.put("https://[fd00::1]/", "private or link-local");
        refused.put("https://nowhere.invalid/", "url's host nowhere.invalid is not known");
        refused.put("https://user:pw@hooks.example.com/", "url must name a host, without user information");
        refused.forEach((url, reason) -> {
            IllegalArgumentException e = assertThrows(url, IllegalArgumentException.class,
                    () -> events.subscribe("x", url, List.of("contact.created"), "admin"));
            assertTrue(url + ": " + e.getMessage(), e.getMessage().startsWith("url") && e.getMessage().contains(reason));
        });
        assertTrue(assertThrows(IllegalArgumentException.class, () -> events.subscribe("Bad Name", receiver.url(),
                List.of("contact.created"), "admin")).getMessage().startsWith("name 'Bad Name'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> events.subscribe("x", receiver.url(),
                List.of("contact.deleted"), "admin")).getMessage().startsWith("types: 'contact.deleted' is not"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> events.subscribe("x", receiver.url(),
                List.of(), "admin")).getMessage().startsWith("types: name at least one"));
        assertEquals(List.of(), events.subscriptions());

        assertEquals("https://hooks.example.com/x", events.subscribe("public", "https://hooks.example.com/x",
                List.of("contact.created"), "admin").subscription().url());
        EventsService open = new EventsService(db.dataSource(), new DatabaseCluster(db.dataSource(), "node-b",
                Duration.ofMinutes(1), null, clock), clock, Settings.defaults(true, true, false), new Secrets(new byte[32]),
                EventsServiceTest::resolve, audited::add);
        assertEquals("allowPrivateTargets and allowPlainHttp let them in", "http://intranet.example.com/",
                open.subscribe("inside", "http://intranet.example.com/", List.of("contact.created"), "admin")
                        .subscription().url());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> events.subscribe("public", receiver.url(),
                List.of("contact.created"), "admin")).getMessage().contains("is taken"));

        // A node whose key file differs cannot sign: each attempt fails saying so, and nothing is sent.
        long local = events.subscribe("local", receiver.url(), List.of("contact.updated"), "admin").subscription().id();
        recorded("contact.updated", 4);
        byte[] other = new byte[32];
        other[0] = 1;
        EventsService otherKey = new EventsService(db.dataSource(), new DatabaseCluster(db.dataSource(), "node-c",
                Duration.ofMinutes(1), null, clock), clock, Settings.defaults(false, false, true), new Secrets(other),
                EventsServiceTest::resolve, audited::add);
        assertEquals(1, otherKey.deliverDue());
        assertTrue(events.deliveries(local, Delivery.PENDING, 1).get(0).error().contains("needs the same key file"));
        assertEquals(List.of(), receiver.received);
    }

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        return switch (host) {
            case "hooks.example.com" -> new InetAddress[] {InetAddress.getByAddress(host, new byte[] {93, (byte) 184, 1, 34})};
            case "metadata.example.com" -> new InetAddress[] {InetAddress.getByAddress(host,
                    new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254})};
            case "intranet.example.com" -> new InetAddress[] {InetAddress.getByAddress(host, new byte[] {10, 1, 2, 3})};
            case "nowhere.invalid" -> throw new UnknownHostException(host);
            default -> InetAddress.getAllByName(host);
        };
    }

    private static String hmac(String secret, String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }

    /** An event as a capability records it in its transaction, taken into the outbox. */
    private void recorded(String type, long contact) {
        Transactions.run(db.emf(), em -> DomainEvents.record(em, type, contact, clock.instant(), Map.of("contactId", contact)));
        events.take();
    }
}
