package org.rapport.retention.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.junit.Test;
import org.rapport.jobs.impl.JobRunnerImpl;
import org.rapport.persistence.Cluster;
import org.rapport.persistence.impl.DatabaseCluster;
import org.rapport.retention.api.SweepRun;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** Sweeps as jobs of the platform's runner: taken over from a node that died, resumed, shown from before the runner. */
@Category(UsesDatabase.class)
public class RetentionSweepsTest extends RetentionFixture {

    @Test
    public void aSweepLeftRunningByANodeThatDiedIsGoneOnWithByTheNextNodeToLook() throws SQLException {
        buy(ada, "10.00");
        buy(bob, "10.00");
        clock.advance(Duration.ofDays(130));
        long id = sweepLeft("RUNNING");
        JobRunnerImpl nodeB = runner(new DatabaseCluster(db.dataSource(), "node-b", Duration.ofMinutes(1), null, clock));

        nodeB.takeOverOrphans();

        SweepRun done = sweeps.run(id).orElseThrow();
        assertEquals(SweepRun.Status.DONE, done.status());
        assertEquals(2, done.evaluated());
        assertEquals(2, done.opened());
        assertEquals("node-b", nodeB.job(id).orElseThrow().node());
        nodeB.deactivate();
    }

    @Test
    public void aSweepHeldByALiveNodeIsNotTakenOverNorStartedBeside() throws SQLException {
        long id = sweepLeft("RUNNING");
        try (Cluster.Lease held = cluster.tryLock(RetentionSweepPages.KIND).orElseThrow()) {
            runner.takeOverOrphans();
            assertEquals(SweepRun.Status.RUNNING, sweeps.run(id).orElseThrow().status());
            assertEquals(0, sweeps.run(id).orElseThrow().evaluated());
            IllegalStateException expected = assertThrows("a sweep marked running is not started beside",
                    IllegalStateException.class, () -> sweeps.start("tester"));
            assertTrue(expected.getMessage(), expected.getMessage().startsWith("sweep " + id + " is running"));
        }
    }

    @Test
    public void anInterruptedSweepIsResumedWhereItStopped() throws SQLException {
        buy(ada, "10.00");
        buy(bob, "10.00");
        clock.advance(Duration.ofDays(130));
        long id = sweepLeft("INTERRUPTED");
        runner.takeOverOrphans();
        assertEquals("an interrupted sweep waits for an administrator", SweepRun.Status.INTERRUPTED,
                sweeps.run(id).orElseThrow().status());

        sweeps.resume(id, "tester");
        SweepRun done = sweeps.run(id).orElseThrow();

        assertEquals(SweepRun.Status.DONE, done.status());
        assertEquals(2, done.evaluated());
        assertEquals(2, done.opened());
        IllegalStateException expected = assertThrows("a finished sweep is not resumed", IllegalStateException.class,
                () -> sweeps.resume(id, "tester"));
        assertEquals("sweep " + id + " is done; only an interrupted or failed sweep can be resumed", expected.getMessage());
    }

    @Test
    public void aSweepRunBeforeTheJobRunnerIsStillShown() throws SQLException {
        execute("insert into RETENTION_SWEEP (ID, CLOSED, EVALUATED, FINISHED_AT, LAST_CONTACT_ID, OPENED, REQUESTER, "
                + "STARTED_AT, STATUS, TOTAL) values (3, 1, 2, CAST('2026-02-01 04:05:00' AS TIMESTAMP), 2, 2, 'daily sweep', "
                + "CAST('2026-02-01 04:00:00' AS TIMESTAMP), 'DONE', 2)");
        SweepRun now = sweep();

        SweepRun former = sweeps.run(3).orElseThrow();
        assertEquals(SweepRun.Status.DONE, former.status());
        assertEquals(2, former.opened());
        assertEquals(1, former.closed());
        assertEquals(List.of(now.id(), 3L), sweeps.runs(5).stream().map(SweepRun::id).toList());
        IllegalStateException expected = assertThrows(IllegalStateException.class, () -> sweeps.resume(3, "tester"));
        assertTrue(expected.getMessage(), expected.getMessage().contains("before the job runner"));
    }

    /** A sweep in the state a stop (interrupted) or a node's death (running) leaves it, before its first page. */
    private long sweepLeft(String state) throws SQLException {
        execute("insert into JOB_RUN (KIND, STATE, ACTOR, NODE, STARTED_AT, TOTAL, DONE_COUNT, CHANGED) values ('"
                + RetentionSweepPages.KIND + "', '" + state + "', 'tester', 'node-a', " + clock.instant().toEpochMilli()
                + ", 2, 0, 0)");
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("select max(ID) from JOB_RUN")) {
            r.next();
            return r.getLong(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}
