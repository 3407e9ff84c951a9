package org.rapport.jobs.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.jobs.Job;
import org.rapport.jobs.Job.State;
import org.rapport.jobs.JobRunningException;
import org.rapport.persistence.Cluster.Lease;
import org.rapport.persistence.impl.DatabaseCluster;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.Await;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/**
 * Two runners standing for two nodes over one database. On embedded Derby the two nodes' cluster
 * services share this JVM's locks, as two nodes share PostgreSQL's advisory locks; a node that
 * dies is one whose lock is let go of while its run stays marked running.
 */
@Category(UsesDatabase.class)
public class JobRunnerImplTest {

    @Rule
    public final TestPersistence db = new TestPersistence("jobs-test");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T02:30:00Z"));
    private DatabaseCluster clusterA;
    private JobRunnerImpl nodeA;
    private JobRunnerImpl nodeB;
    private final CountingKind onA = new CountingKind("test.count", 25, 10);
    private final CountingKind onB = new CountingKind("test.count", 25, 10);

    @Before
    public void nodes() {
        clusterA = new DatabaseCluster(db.dataSource(), "node-a", Duration.ofMinutes(1), null, clock);
        nodeA = new JobRunnerImpl(db.dataSource(), clusterA, clock, null);
        nodeB = new JobRunnerImpl(db.dataSource(),
                new DatabaseCluster(db.dataSource(), "node-b", Duration.ofMinutes(1), null, clock), clock, null);
        nodeA.addKind(onA);
        nodeB.addKind(onB);
    }

    @After
    public void stop() {
        onA.gate.countDown();
        onB.gate.countDown();
        nodeA.deactivate();
        nodeB.deactivate();
    }

    @Test
    public void aRunGoesPageByPageToTheEndAndCountsWhatItDid() {
        Job started = nodeA.start("test.count", "analyst");
        assertEquals(State.RUNNING, started.state());
        assertEquals(25, started.total());

        Job done = await(nodeA, started.id());

        assertEquals(State.DONE, done.state());
        assertEquals(25, done.done());
        assertEquals(12, done.changed());
        assertEquals("what the kind counts besides is added up too", 13, done.count("odd"));
        assertEquals("25", done.cursor());
        assertEquals("node-a", done.node());
        assertEquals(clock.instant(), done.finishedAt());
        assertEquals(List.of("null", "10", "20", "25"), onA.asked);
        assertEquals(List.of(done), nodeB.jobs("test.count", 5));
    }

    @Test
    public void aPageThatRecordsItsProgressInItsOwnTransactionIsCountedOnce() {
        onA.recordIn = db.emf();
        onA.runner = nodeA;

        Job done = await(nodeA, nodeA.start("test.count", "analyst").id());

        assertEquals(State.DONE, done.state());
        assertEquals(25, done.done());
        assertEquals(12, done.changed());
        assertEquals(13, done.count("odd"));
        assertEquals(List.of("null", "10", "20", "25"), onA.asked);
    }

    @Test
    public void aFailedRunIsResumedFromTheCursorOfItsLastPage() {
        onA.failOnceAt = 15;
        Job failed = await(nodeA, nodeA.start("test.count", "analyst").id());
        assertEquals(State.FAILED, failed.state());
        assertEquals("item cannot be done", failed.error());
        assertEquals("10", failed.cursor());
        assertEquals(10, failed.done());

        Job resumed = nodeB.resume(failed.id(), "admin");
        assertEquals(State.RUNNING, resumed.state());
        assertEquals("admin", resumed.actor());
        Job done = await(nodeB, failed.id());

        assertEquals(State.DONE, done.state());
        assertEquals(25, done.done());
        assertNull(done.error());
        assertEquals("node B went on after the first page", List.of("10", "20", "25"), onB.asked);
        IllegalArgumentException again = assertThrows(IllegalArgumentException.class, () -> nodeA.resume(done.id(), "x"));
        assertTrue(again.getMessage(), again.getMessage().contains("is DONE"));
    }

    @Test
    public void oneRunOfAKindAtATimeAcrossTheNodes() throws InterruptedException {
        onA.gate = new CountDownLatch(1);
        Job first = nodeA.start("test.count", "analyst");
        assertTrue(onA.inPage.await(10, TimeUnit.SECONDS));

        JobRunningException onOtherNode = assertThrows(JobRunningException.class, () -> nodeB.start("test.count", "b"));
        assertEquals(first.id(), onOtherNode.running().orElseThrow().id());
        assertThrows(JobRunningException.class, () -> nodeA.start("test.count", "a"));
        nodeB.takeOverOrphans();
        assertTrue("node A holds the lock: nothing to take over", onB.asked.isEmpty());

        onA.gate.countDown();
        assertEquals(State.DONE, await(nodeA, first.id()).state());
        Job second = nodeB.start("test.count", "b");
        assertEquals(State.DONE, await(nodeB, second.id()).state());
        assertEquals(1, nodeA.jobs(null, 10).stream().filter(j -> j.node().equals("node-a")).count());
    }

    @Test
    public void aRunWhoseNodeDiedIsTakenOverFromItsCursorOnceItsLockIsGone() {
        // Node A ran two pages and died: its run is marked running, its lock (its connection's) held a while longer.
        Lease nodeAsLock = clusterA.tryLock("test.count").orElseThrow();
        JobStore store = new JobStore(db.dataSource());
        Job orphan = store.create("test.count", "analyst", "node-a", clock.instant(), 25, null);
        store.progress(orphan, new org.rapport.jobs.JobPage("20", 20, 10));

        nodeB.takeOverOrphans();
        assertTrue("the lock is still held", onB.asked.isEmpty());
        nodeAsLock.close();
        nodeB.takeOverOrphans();
        Job done = await(nodeB, orphan.id());

        assertEquals(State.DONE, done.state());
        assertEquals(List.of("20", "25"), onB.asked);
        assertEquals(25, done.done());
        assertEquals("node-b", done.node());
        assertEquals("analyst", done.actor());
        assertTrue("node A never ran a page", onA.asked.isEmpty());
    }

    @Test
    public void aCancelledRunStopsAfterThePageItIsOnAndCannotBeResumed() throws InterruptedException {
        onA.gate = new CountDownLatch(1);
        Job running = nodeA.start("test.count", "analyst");
        assertTrue(onA.inPage.await(10, TimeUnit.SECONDS));

        Job cancelled = nodeB.cancel(running.id(), "admin");
        onA.gate.countDown();

        assertEquals(State.CANCELLED, cancelled.state());
        assertEquals("cancelled by admin", cancelled.error());
        awaitLockFree("test.count");
        Job after = nodeA.job(running.id()).orElseThrow();
        assertEquals(State.CANCELLED, after.state());
        assertEquals("the page it was on did not move it", 0, after.done());
        assertEquals(List.of("null"), onA.asked);
        assertThrows(IllegalArgumentException.class, () -> nodeA.resume(running.id(), "admin"));
        assertThrows(IllegalArgumentException.class, () -> nodeA.cancel(running.id(), "admin"));
    }

    @Test
    public void anUnknownKindIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> nodeA.start("test.none", "a"));
        assertTrue(e.getMessage(), e.getMessage().contains("test.count"));
    }

    /** Waits for node A's run to let go of the kind's lock: it has stopped. */
    private void awaitLockFree(String kind) {
        Await.until("the run of " + kind + " lets go of its lock", Duration.ofSeconds(10), () -> {
            var lease = clusterA.tryLock(kind);
            lease.ifPresent(held -> held.close());
            return lease.isPresent();
        });
    }

    private static Job await(JobRunnerImpl runner, long id) {
        return Await.value("job " + id + " ends", Duration.ofSeconds(30), () -> runner.job(id).orElseThrow(),
                job -> job.state() != State.RUNNING);
    }
}
