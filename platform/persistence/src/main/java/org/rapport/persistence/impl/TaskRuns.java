package org.rapport.persistence.impl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.rapport.persistence.Cluster.TaskRun;
import org.rapport.persistence.Columns;

/**
 * The last run of each scheduled task, one row per task in the table {@code CLUSTER_TASK}; times
 * as epoch milliseconds, so nodes in different time zones agree.
 */
final class TaskRuns {

    private static final String TABLE = "CLUSTER_TASK";
    private static final String SELECT = "select TASK, NODE, STARTED_AT, FINISHED_AT, OUTCOME from " + TABLE;

    private final DataSource dataSource;

    TaskRuns(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    List<TaskRun> all() {
        List<TaskRun> runs = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(SELECT + " order by TASK");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                runs.add(taskRun(r));
            }
            return runs;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + TABLE + ": " + e.getMessage(), e);
        }
    }

    Optional<TaskRun> last(String task) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(SELECT + " where TASK = ?")) {
            s.setString(1, task);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(taskRun(r)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the last run of task '" + task + "': " + e.getMessage(), e);
        }
    }

    private static TaskRun taskRun(ResultSet r) throws SQLException {
        long finished = r.getLong(4);
        boolean unfinished = r.wasNull();
        return new TaskRun(r.getString(1), r.getString(2), Instant.ofEpochMilli(r.getLong(3)),
                unfinished ? null : Instant.ofEpochMilli(finished), r.getString(5));
    }

    /** Writes a task's run; called only while holding the task's lock, so no other node writes the row. */
    void write(TaskRun run) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (PreparedStatement update = c.prepareStatement("update " + TABLE
                    + " set NODE = ?, STARTED_AT = ?, FINISHED_AT = ?, OUTCOME = ? where TASK = ?")) {
                bind(update, run);
                if (update.executeUpdate() == 1) {
                    return;
                }
            }
            try (PreparedStatement insert = c.prepareStatement("insert into " + TABLE
                    + " (NODE, STARTED_AT, FINISHED_AT, OUTCOME, TASK) values (?, ?, ?, ?, ?)")) {
                bind(insert, run);
                insert.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the run of task '" + run.task() + "': " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement s, TaskRun run) throws SQLException {
        s.setString(1, run.node());
        s.setLong(2, run.startedAt().toEpochMilli());
        if (run.finishedAt() == null) {
            s.setNull(3, Types.BIGINT);
        } else {
            s.setLong(3, run.finishedAt().toEpochMilli());
        }
        s.setString(4, run.outcome());
        s.setString(5, Columns.clip(run.task(), 200));
    }
}
