package org.rapport.guard;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.After;
import org.junit.Test;
import org.osgi.service.event.Event;
import org.rapport.guard.PluginFault.Kind;
import org.rapport.testing.Await;

/** The guard on its own: budgets, faults in a row, suspension and resumption, concurrent callers. */
public class PluginGuardTest {

    private final List<Event> audited = new CopyOnWriteArrayList<>();
    private final PluginGuard guard = PluginGuards.open(GuardPolicy.of("widget", "Widget", Duration.ofMillis(300), 3),
            Clock.systemUTC(), audited::add);

    @After
    public void close() {
        guard.close();
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(10), condition);
    }

    private String fail() throws PluginFault {
        return guard.call("w", "on purpose", () -> {
            throw new IllegalStateException("broken on purpose");
        });
    }

    @Test
    public void aCallOverItsBudgetIsATimeoutFaultAndTheCallerWaitsNoLonger() throws InterruptedException {
        CountDownLatch interrupted = new CountDownLatch(1);
        long started = System.nanoTime();
        PluginFault fault = assertThrows(PluginFault.class, () -> guard.call("w", "with order 7", () -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return "late";
        }));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        // "A little" is generous: the build machine may be busy.
        assertTrue("the caller waited the budget and a little, not " + waited + " ms", waited >= 290 && waited < 2000);
        assertEquals(Kind.TIMED_OUT, fault.kind());
        assertEquals("widget 'w' took longer than 300 ms with order 7", fault.getMessage());
        assertTrue("the call is interrupted", interrupted.await(5, TimeUnit.SECONDS));
        assertEquals(1, guard.state("w").orElseThrow().faultsInARow());
    }

    @Test
    public void faultsInARowSuspendThePluginWhichIsThenNotCalledUntilResumed() throws Exception {
        assertFalse(assertThrows(PluginFault.class, this::fail).suspendedNow());
        assertFalse(assertThrows(PluginFault.class, this::fail).suspendedNow());
        PluginFault third = assertThrows(PluginFault.class, this::fail);
        assertTrue("the third fault suspends", third.suspendedNow());
        assertTrue(third.state().suspended());
        assertEquals("widget 'w' failed on purpose: java.lang.IllegalStateException: broken on purpose",
                third.state().lastFault());

        AtomicInteger calls = new AtomicInteger();
        PluginFault refused = assertThrows(PluginFault.class, () -> guard.call("w", "", calls::incrementAndGet));
        assertEquals(Kind.SUSPENDED, refused.kind());
        assertEquals("a suspended plugin is not called", 0, calls.get());
        Event told = audited.stream().filter(e -> "widget.suspended".equals(e.getProperty("audit.action")))
                .findFirst().orElseThrow();
        assertEquals("widget w", told.getProperty("audit.subject"));
        assertEquals("system", told.getProperty("audit.actor"));
        assertTrue(String.valueOf(told.getProperty("audit.after")).startsWith("suspended after 3 faults: "));

        assertTrue(guard.resume("w", "admin"));
        assertFalse("resuming twice changes nothing", guard.resume("w", "admin"));
        PluginState clean = guard.state("w").orElseThrow();
        assertEquals(0, clean.faultsInARow());
        assertNull(clean.lastFault());
        assertEquals(1, (int) guard.call("w", "", calls::incrementAndGet));
        assertTrue(audited.stream().anyMatch(e -> "widget.resumed".equals(e.getProperty("audit.action"))
                && "admin".equals(e.getProperty("audit.actor"))));
    }

    @Test
    public void anAnswerClearsTheCountAndACheckedExceptionIsAnAnswer() throws Exception {
        assertThrows(PluginFault.class, this::fail);
        assertThrows(PluginFault.class, this::fail);
        IOException refusal = new IOException("mailbox full");
        assertSame("the plugin's own refusal reaches the caller as it is", refusal, assertThrows(IOException.class,
                () -> guard.call("w", "", () -> {
                    throw refusal;
                })));
        PluginState state = guard.state("w").orElseThrow();
        assertEquals(0, state.faultsInARow());
        assertEquals(1, state.answered());
        assertThrows(PluginFault.class, this::fail);
        assertThrows(PluginFault.class, this::fail);
        assertFalse("two faults since the answer", guard.state("w").orElseThrow().suspended());
    }

    @Test
    public void aPluginPointThatNeverSuspendsCountsFaultsAndCallsOn() throws Exception {
        try (PluginGuard never = PluginGuards.open(GuardPolicy.of("step", "Step", Duration.ofMillis(300), 0),
                Clock.systemUTC(), audited::add)) {
            for (int i = 0; i < 5; i++) {
                assertThrows(PluginFault.class, () -> never.call("s", "", () -> {
                    throw new IllegalStateException("no");
                }));
            }
            assertEquals(5, never.state("s").orElseThrow().faultsInARow());
            assertEquals("ok", never.call("s", "", () -> "ok"));
            assertTrue(audited.isEmpty());
        }
    }

    @Test
    public void concurrentCallersEachWaitOnlyForTheirOwnCall() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try (PluginGuard roomy = PluginGuards.open(GuardPolicy.of("widget", "Widget", Duration.ofSeconds(10), 3),
                Clock.systemUTC(), audited::add)) {
            // Each call waits until all eight run: calls taken one at a time would never get there.
            CountDownLatch allRunning = new CountDownLatch(8);
            List<Future<Boolean>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(callers.submit(() -> roomy.call("w", "", () -> {
                    allRunning.countDown();
                    return allRunning.await(5, TimeUnit.SECONDS);
                })));
            }
            for (Future<Boolean> answer : answers) {
                assertTrue("the calls ran side by side", answer.get(8, TimeUnit.SECONDS));
            }
            assertEquals(8, roomy.state("w").orElseThrow().answered());

            List<Future<?>> faults = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                faults.add(callers.submit(() -> assertThrows(PluginFault.class, this::fail)));
            }
            for (Future<?> f : faults) {
                f.get(5, TimeUnit.SECONDS);
            }
            PluginState state = guard.state("w").orElseThrow();
            assertTrue(state.suspended());
            assertEquals("faults after the suspension are not counted", 3, state.faultsInARow());
            assertEquals(1, audited.stream().filter(e -> "widget.suspended".equals(e.getProperty("audit.action")))
                    .count());
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    public void submittedCallsRunInOrderAndOneThatHangsIsCutOffWhileTheNextGoOn() throws InterruptedException {
        CountDownLatch interrupted = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        long started = System.nanoTime();
        guard.submit("w", "with job 1", () -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        guard.submit("w", "with job 2", () -> ran.add("2"));
        guard.submit("w", "with job 3", () -> ran.add("3"));
        assertTrue("submitting does not wait", System.nanoTime() - started < TimeUnit.SECONDS.toNanos(5));

        assertTrue("the hanging call is interrupted at its budget", interrupted.await(5, TimeUnit.SECONDS));
        await("the later calls ran on a new thread", () -> ran.size() == 2);
        assertEquals(List.of("2", "3"), ran);
        PluginState state = guard.state("w").orElseThrow();
        assertEquals("widget 'w' took longer than 300 ms with job 1", state.lastFault());
        assertEquals("the answers after it clear the count", 0, state.faultsInARow());
    }

    @Test
    public void aSuspendedPluginHearsOfNothingSubmittedUntilResumed() throws InterruptedException {
        List<String> ran = new CopyOnWriteArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String n = String.valueOf(i);
            guard.submit("w", "with " + n, () -> {
                ran.add(n);
                throw new IllegalStateException("broken on purpose");
            });
        }
        await("suspended after three faults", () -> guard.state("w").orElseThrow().suspended());
        guard.submit("w", "with 4", () -> ran.add("4"));
        Thread.sleep(300);
        assertEquals(List.of("1", "2", "3"), ran);

        assertTrue(guard.resume("w", "admin"));
        guard.submit("w", "with 5", () -> ran.add("5"));
        await("called again", () -> ran.contains("5"));
    }

    @Test
    public void addingAPluginAgainStartsItsRecordAfreshAndRemovingForgetsIt() {
        assertFalse(guard.add("w"));
        assertThrows(PluginFault.class, this::fail);
        assertTrue("known before", guard.add("w"));
        assertEquals(0, guard.state("w").orElseThrow().faultsInARow());
        guard.add("v");
        assertEquals(List.of("v", "w"), guard.states().stream().map(PluginState::name).toList());
        guard.remove("w");
        assertTrue(guard.state("w").isEmpty());
    }
}
