package org.rapport.contacts.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.osgi.service.event.Event;
import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.InteractionListener;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.Await;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** Plugins' interaction listeners on a real Derby database: each on its own thread, within its budget, suspended when faulty. */
@Category(UsesDatabase.class)
public class InteractionListenersTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-contacts");

    private final List<Event> audited = new CopyOnWriteArrayList<>();
    private InteractionServiceImpl interactions;
    private long ada;

    @Before
    public void setUp() {
        interactions = new InteractionServiceImpl(db.emf(), Clock.systemUTC(), Duration.ofMillis(300), 3);
        interactions.setEventAdmin(new org.osgi.service.event.EventAdmin() {
            @Override
            public void postEvent(Event event) {
                audited.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                audited.add(event);
            }
        });
        ada = new ContactServiceImpl(db.emf()).create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
    }

    @After
    public void tearDown() {
        interactions.deactivate();
    }

    private Interaction call(String summary) {
        return interactions.record(ada, new NewInteraction("phone", "inbound", "call", null, summary, Map.of()), "test");
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(10), condition);
    }

    private InteractionListeners.Status status(String name) {
        return interactions.listeners().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    public void aListenerHearsOfEveryStoredInteractionInOrder() throws InterruptedException {
        List<String> heard = new CopyOnWriteArrayList<>();
        interactions.addListener(i -> heard.add(i.summary()), Map.of(InteractionListener.NAME, "good"));

        call("first");
        call("second");

        await("both heard", () -> heard.size() == 2);
        assertEquals(List.of("first", "second"), heard);
        assertEquals(2, status("good").delivered());
    }

    @Test
    public void aListenerThatHangsHoldsUpNoOneAndIsCutOffAtItsBudget() throws InterruptedException {
        CountDownLatch interrupted = new CountDownLatch(1);
        List<String> heard = new CopyOnWriteArrayList<>();
        interactions.addListener(i -> {
            if (i.summary().equals("hang")) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
            }
        }, Map.of(InteractionListener.NAME, "slow"));
        interactions.addListener(i -> heard.add(i.summary()), Map.of(InteractionListener.NAME, "good"));

        long started = System.nanoTime();
        call("hang");
        call("after");
        assertTrue("recording does not wait for listeners", System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5));

        await("the good listener heard both", () -> heard.size() == 2);
        assertTrue("the hanging call is interrupted at its budget", interrupted.await(5, TimeUnit.SECONDS));
        await("the slow listener's next call runs on a new thread", () -> status("slow").delivered() == 1);
        assertTrue("the cut-off is its last fault", String.valueOf(status("slow").lastFault())
                .contains("took longer than 300 ms with interaction"));
        assertEquals("the call on time after it clears the count", 0, status("slow").faultsInARow());
    }

    @Test
    public void faultsInARowSuspendTheListenerAndTheAdministratorIsToldUntilTheyResumeIt() throws InterruptedException {
        List<String> heard = new CopyOnWriteArrayList<>();
        interactions.addListener(i -> {
            heard.add(i.summary());
            throw new IllegalStateException("broken on purpose");
        }, Map.of(InteractionListener.NAME, "broken"));

        call("1");
        call("2");
        call("3");
        await("suspended after three faults", () -> status("broken").suspendedAt() != null);
        call("4");
        Thread.sleep(300);
        assertEquals("a suspended listener hears of nothing", List.of("1", "2", "3"), heard);
        Event told = audited.stream().filter(e -> "listener.suspended".equals(e.getProperty("audit.action"))).findFirst()
                .orElseThrow();
        assertEquals("listener broken", told.getProperty("audit.subject"));
        assertTrue(String.valueOf(told.getProperty("audit.after")).contains("broken on purpose"));

        assertTrue(interactions.resumeListener("broken", "admin"));
        assertNull(status("broken").suspendedAt());
        assertFalse("resuming twice changes nothing", interactions.resumeListener("broken", "admin"));
        call("5");
        await("heard again", () -> heard.contains("5"));
        assertNotNull(audited.stream().filter(e -> "listener.resumed".equals(e.getProperty("audit.action"))).findFirst()
                .orElse(null));
    }
}
