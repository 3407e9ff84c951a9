package org.rapport.events.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Events the capabilities record in their own transactions, delivered side by side to several
 * subscriptions, to addresses checked once and connected to as checked; replays capped. Derby,
 * real HTTP receivers on loopback, time moved by hand.
 */
@Category(UsesDatabase.class)
public class EventsDeliveryTest {

    @Rule
    public final TestPersistence db = new TestPersistence("events-test");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    /** How often "rebinding.example.com" was resolved: the first time public, then inside. */
    private final AtomicInteger rebindings = new AtomicInteger();
    private Receiver erp;
    private Receiver crm;
    private EventsService events;

    @Before
    public void start() throws Exception {
        erp = new Receiver();
        crm = new Receiver();
        events = service(Settings.defaults(false, false, true).withReplayCap(5));
    }

    private EventsService service(Settings settings) {
        return new EventsService(db.dataSource(), new DatabaseCluster(db.dataSource(), "node-a", Duration.ofMinutes(1),
                null, clock), clock, settings, new Secrets(new byte[32]), this::resolve, e -> { });
    }

    @After
    public void stop() {
        erp.close();
        crm.close();
    }

    @Test
    public void anEventCommitsAndRollsBackWithItsChangeAndReachesTheSubscriberWithItsData() {
        events.subscribe("erp", erp.url(), List.of("tier.changed", "purchase.booked"), "admin");
        assertThrows(IllegalStateException.class, () -> Transactions.run(db.emf(), em -> {
            DomainEvents.record(em, "purchase.booked", 7, clock.instant(), Map.of("contactId", 7L, "orderId", "O-1"));
            throw new IllegalStateException("the booking fails after its event was recorded");
        }));
        Map<String, Object> tier = new LinkedHashMap<>();
        tier.put("contactId", 7L);
        tier.put("fromTier", "silver");
        tier.put("toTier", "gold");
        tier.put("rule", "Gold at 1000 points");
        tier.put("release", "loyalty v3");
        String id = Transactions.inTransaction(db.emf(), em -> DomainEvents.record(em, "tier.changed", 7,
                clock.instant(), tier));
        Transactions.run(db.emf(), em -> DomainEvents.record(em, "tier.changed", 8, clock.instant(), Map.of()));

        assertEquals("contact 8's is erased before it is taken", "1 event(s) and 0 delivery record(s) removed; "
                + "contact.erased announced", events.erase(8));
        assertEquals("the rolled-back purchase left nothing", 1, events.take());
        assertEquals(0, events.take());
        assertEquals(1, events.deliverDue());
        assertEquals(List.of("tier.changed"), erp.types());
        JsonNode sent = erp.received.get(0).json();
        assertEquals(id, sent.get("id").asText());
        assertEquals("7", sent.get("subject").asText());
        assertEquals("{\"contactId\":7,\"fromTier\":\"silver\",\"toTier\":\"gold\",\"rule\":\"Gold at 1000 points\","
                + "\"release\":\"loyalty v3\"}", sent.get("data").toString());
        assertTrue(events.export(7).toString().contains(id));
        assertFalse(events.export(8).toString().contains("tier.changed"));
    }

    @Test
    public void subscriptionsAreDeliveredSideBySideEachContactsEventsInOrder() throws Exception {
        events.subscribe("erp", erp.url(), List.of("tier.changed"), "admin");
        events.subscribe("crm", crm.url(), List.of("tier.changed"), "admin");
        CountDownLatch crmReached = new CountDownLatch(1);
        // erp answers its first event only once crm has received one: one after the other, erp would time out.
        erp.answer = r -> await(crmReached) ? 200 : 503;
        crm.answer = r -> {
            crmReached.countDown();
            return 200;
        };
        Transactions.run(db.emf(), em -> {
            for (int step = 1; step <= 3; step++) {
                for (long contact = 1; contact <= 2; contact++) {
                    DomainEvents.record(em, "tier.changed", contact, clock.instant(), Map.of("step", step));
                }
            }
        });
        assertEquals(6, events.take());
        int attempted = 0;
        for (int pass = 0; pass < 4; pass++) {
            attempted += events.deliverDue();
        }
        assertEquals("each of 6 events to 2 subscriptions, once", 12, attempted);
        for (Receiver r : List.of(erp, crm)) {
            for (String contact : List.of("1", "2")) {
                List<Integer> steps = new ArrayList<>();
                r.received.stream().filter(x -> x.subject().equals(contact))
                        .forEach(x -> steps.add(x.json().at("/data/step").asInt()));
                assertEquals(contact + "'s events in the order written", List.of(1, 2, 3), steps);
            }
        }
    }

    @Test
    public void addressesAreCheckedOnceAndConnectedToAsCheckedAndInternalFormsAreRefused() {
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("https://nat64.example.com/", "embedding 10.1.2.3");
        refused.put("https://sixtofour.example.com/", "embedding 192.168.1.1");
        refused.put("https://teredo.example.com/", "embedding 10.1.2.3");
        refused.put("https://compatible.example.com/", "embedding 172.16.0.9");
        refused.put("https://[64:ff9b::7f00:1]/", "embedding 127.0.0.1");
        refused.put("https://[::ffff:169.254.169.254]/", "169.254.169.254, an address in a private or link-local range");
        refused.put("https://[64:ff9b:1::5]/", "local-use NAT64");
        refused.forEach((url, reason) -> {
            IllegalArgumentException e = assertThrows(url, IllegalArgumentException.class,
                    () -> events.subscribe("x", url, List.of("tier.changed"), "admin"));
            assertTrue(url + ": " + e.getMessage(), e.getMessage().startsWith("url") && e.getMessage().contains(reason));
        });
        assertEquals("a public address behind NAT64 is public", "https://public64.example.com/", events.subscribe(
                "public", "https://public64.example.com/", List.of("tier.changed"), "admin").subscription().url());
        EventsService noLoopback = service(Settings.defaults(false, false, false));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> noLoopback.subscribe("local", erp.url(),
                List.of("tier.changed"), "admin")).getMessage().contains("127.0.0.1, a loopback address; "
                        + "allowLoopbackTargets"));

        // receiver.test is known to this resolver only: the delivery connects to the address it checked.
        events.unsubscribe(events.subscriptions().get(0).id(), "admin");
        long named = events.subscribe("named", erp.url("receiver.test"), List.of("tier.changed"), "admin")
                .subscription().id();
        long rebinding = events.subscribe("rebinding", "https://rebinding.example.com/hook", List.of("tier.changed"),
                "admin").subscription().id();
        Transactions.run(db.emf(), em -> DomainEvents.record(em, "tier.changed", 3, clock.instant(), Map.of()));
        events.take();
        assertEquals(2, events.deliverDue());
        assertEquals(1, erp.received.size());
        assertTrue(erp.received.get(0).host(), erp.received.get(0).host().startsWith("receiver.test:"));
        assertEquals(Delivery.DELIVERED, events.deliveries(named, null, 1).get(0).state());
        assertTrue("the name now pointing inside is refused before anything is sent", events.deliveries(rebinding, null, 1)
                .get(0).error().startsWith("refused: url's host rebinding.example.com is 10.1.2.3"));
    }

    @Test
    public void aReplayThatWouldLeaveTooManyWaitingIsRefusedNamingHowMany() {
        long id = events.subscribe("erp", erp.url(), List.of("tier.changed"), "admin").subscription().id();
        Transactions.run(db.emf(), em -> {
            for (int minute = 0; minute < 4; minute++) {
                DomainEvents.record(em, "tier.changed", 1, clock.instant().plusSeconds(60L * minute), Map.of());
            }
        });
        events.take();
        assertEquals(4, events.deliverDue() + events.deliverDue() + events.deliverDue() + events.deliverDue());
        Instant from = clock.instant();
        assertEquals(4, events.replay(id, from, null, "admin"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> events.replay(id, from, null,
                "admin"));
        assertTrue(e.getMessage(), e.getMessage().startsWith("from: 4 event(s)") && e.getMessage().contains(
                "4 still waiting would pass the 5"));
        assertEquals("a shorter span fits", 1, events.replay(id, from, from.plusSeconds(60), "admin"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> events.replay(id, from, from, "admin"))
                .getMessage().startsWith("until"));
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
        return switch (host) {
            case "receiver.test" -> new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
            case "rebinding.example.com" -> new InetAddress[] {rebindings.getAndIncrement() == 0
                    ? InetAddress.getByAddress(host, new byte[] {93, (byte) 184, 1, 34})
                    : InetAddress.getByAddress(host, new byte[] {10, 1, 2, 3})};
            case "nat64.example.com" -> six(host, "64:ff9b::a01:203");
            case "public64.example.com" -> six(host, "64:ff9b::5db8:122");
            case "sixtofour.example.com" -> six(host, "2002:c0a8:101::1");
            case "teredo.example.com" -> six(host, "2001:0:4136:e378:8000:63bf:f5fe:fdfc");
            case "compatible.example.com" -> six(host, "::ac10:9");
            default -> InetAddress.getAllByName(host);
        };
    }

    private static InetAddress[] six(String host, String literal) throws UnknownHostException {
        return new InetAddress[] {InetAddress.getByAddress(host, InetAddress.getByName(literal).getAddress())};
    }
}
