package org.rapport.persistence.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.persistence.Cluster;
import org.rapport.persistence.Cluster.Lease;
import org.rapport.persistence.ScheduledOnce;
import org.rapport.persistence.Cluster.TaskRun;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/**
 * Two nodes over one database. On PostgreSQL ({@code -Drapport.test.database}) they are two
 * cluster services whose locks are advisory locks of separate connections; on embedded Derby,
 * which one JVM opens alone, the second node is the first one again as far as locks go.
 */
@Category(UsesDatabase.class)
public class DatabaseClusterTest {

    @Rule
    public final TestPersistence db = new TestPersistence("transactions-test");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T02:30:00Z"));
    private DatabaseCluster nodeA;
    private DatabaseCluster nodeB;

    @Before
    public void nodes() {
        nodeA = new DatabaseCluster(db.dataSource(), "node-a", Duration.ofSeconds(60), null, clock);
        nodeB = new DatabaseCluster(db.dataSource(), "node-b", Duration.ofSeconds(60), null, clock);
    }

    @Test
    public void aLockIsHeldByOneHolderUntilItsLeaseIsClosed() {
        Lease held = nodeA.tryLock("loyalty.reevaluation").orElseThrow();

        assertTrue(nodeA.tryLock("loyalty.reevaluation").isEmpty());
        assertTrue(nodeB.tryLock("loyalty.reevaluation").isEmpty());
        try (Lease other = nodeB.tryLock("retention.sweep").orElseThrow()) {
            assertEquals("retention.sweep", other.name());
        }

        held.close();
        held.close();
        try (Lease again = nodeB.tryLock("loyalty.reevaluation").orElseThrow()) {
            assertTrue(nodeA.tryLock("loyalty.reevaluation").isEmpty());
        }
    }

    @Test
    public void scheduledWorkFiredOnBothNodesRunsOnOneAndAFailureLeavesTheScheduleGoing() {
        AtomicInteger runs = new AtomicInteger();
        class Nightly extends ScheduledOnce {
            Nightly(DatabaseCluster cluster) {
                super(cluster, "test.nightly");
            }

            @Override
            protected void work() {
                if (runs.incrementAndGet() == 1) {
                    throw new IllegalStateException("the first night fails");
                }
            }
        }
        Nightly onA = new Nightly(nodeA);
        Nightly onB = new Nightly(nodeB);

        onA.run();
        clock.advance(Duration.ofSeconds(2));
        onB.run();
        assertEquals("one node ran the first night, which failed without cancelling anything", 1, runs.get());

        clock.advance(Duration.ofDays(1));
        onB.run();
        onA.run();
        assertEquals("the next night runs again, on one node", 2, runs.get());
    }

    @Test
    public void aScheduledTaskFiredOnEveryNodeRunsOnOne() {
        AtomicInteger runs = new AtomicInteger();

        assertTrue(nodeA.runOnce("loyalty.nightly", runs::incrementAndGet));
        clock.advance(Duration.ofSeconds(2));
        assertFalse("node B's scheduler fired two seconds later", nodeB.runOnce("loyalty.nightly", runs::incrementAndGet));
        assertEquals(1, runs.get());

        TaskRun last = nodeB.tasks().get(0);
        assertEquals("loyalty.nightly", last.task());
        assertEquals("node-a", last.node());
        assertEquals("done", last.outcome());
        assertEquals(Instant.parse("2026-03-01T02:30:00Z"), last.startedAt());

        clock.advance(Duration.ofDays(1));
        assertTrue("the next night's firing runs again", nodeB.runOnce("loyalty.nightly", runs::incrementAndGet));
        assertEquals(2, runs.get());
        assertEquals("node-b", nodeA.tasks().get(0).node());
    }

    @Test
    public void aTaskRunningOnOneNodeIsNotStartedOnAnother() {
        AtomicInteger inner = new AtomicInteger();
        boolean ran = nodeA.runOnce("retention.sweep", () -> {
            // Meanwhile the other node's scheduler fires the same task.
            if (nodeB.runOnce("retention.sweep", inner::incrementAndGet)) {
                fail("the task ran twice at once");
            }
        });

        assertTrue(ran);
        assertEquals(0, inner.get());
    }

    @Test
    public void aFailedRunIsRecordedAsFailedAndNotTakenOver() {
        IllegalStateException expected = assertThrows("the failure must reach the scheduler",
                IllegalStateException.class, () -> nodeA.runOnce("privacy.retention", () -> {
                    throw new IllegalStateException("disk full");
                }));
        assertEquals("disk full", expected.getMessage());
        TaskRun last = nodeA.tasks().get(0);
        assertEquals("failed: disk full", last.outcome());
        assertFalse(last.unfinished());

        AtomicInteger runs = new AtomicInteger();
        nodeB.runOnce("privacy.retention", runs::incrementAndGet);
        nodeB.takeOverOrphans();
        assertEquals("within the gap, nobody runs it again", 0, runs.get());
    }

    @Test
    public void aRunWhoseNodeDiedIsTakenOverByANodeThatWasOfferedTheTask() throws SQLException {
        AtomicInteger runs = new AtomicInteger();
        assertTrue(nodeB.runOnce("loyalty.nightly", runs::incrementAndGet));
        clock.advance(Duration.ofDays(1));
        // Node A began the next night's run and died: its row is unfinished and nobody holds the lock.
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("update CLUSTER_TASK set NODE = 'node-a', STARTED_AT = ?, "
                        + "FINISHED_AT = null, OUTCOME = null where TASK = 'loyalty.nightly'")) {
            s.setLong(1, clock.instant().toEpochMilli());
            assertEquals(1, s.executeUpdate());
        }
        assertTrue(nodeB.tasks().get(0).unfinished());
        clock.advance(Duration.ofSeconds(5));

        nodeB.takeOverOrphans();

        assertEquals(2, runs.get());
        TaskRun last = nodeB.tasks().get(0);
        assertEquals("node-b", last.node());
        assertEquals("done", last.outcome());
        assertEquals("the run keeps the time its first node began it", clock.instant().minusSeconds(5), last.startedAt());
        nodeB.takeOverOrphans();
        assertEquals(2, runs.get());
    }

    @Test
    public void anUnfiredTaskIsNotTakenOverByANodeThatNeverWasOfferedIt() throws SQLException {
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("insert into CLUSTER_TASK (TASK, NODE, STARTED_AT) "
                        + "values ('segments.nightly', 'node-a', 0)")) {
            s.executeUpdate();
        }
        nodeB.takeOverOrphans();
        Optional<TaskRun> last = nodeB.tasks().stream().findFirst();
        assertEquals("node-a", last.orElseThrow().node());
        assertNull(last.get().finishedAt());
    }

    @Test
    public void lockKeysDifferByName() {
        assertNotEquals(ClusterLocks.key("loyalty.nightly"), ClusterLocks.key("loyalty.nightlz"));
        assertEquals(ClusterLocks.key("loyalty.nightly"), ClusterLocks.key("loyalty.nightly"));
    }
}
