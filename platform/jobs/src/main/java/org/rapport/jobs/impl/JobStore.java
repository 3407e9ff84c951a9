package org.rapport.jobs.impl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.rapport.jobs.Job;
import org.rapport.jobs.Job.State;
import org.rapport.jobs.JobPage;
import org.rapport.persistence.Columns;

/**
 * The runs of every kind in the table {@code JOB_RUN} (a platform migration); times as epoch
 * milliseconds, so nodes in different time zones agree. Every change to a run is one statement
 * that names the state it expects, so a run cancelled on one node is not moved on by another.
 */
final class JobStore {

    private static final String TABLE = "JOB_RUN";
    private static final String SELECT = "select ID, KIND, STATE, ACTOR, NODE, STARTED_AT, FINISHED_AT, TOTAL, "
            + "DONE_COUNT, CHANGED, CURSOR_AT, ERROR, COUNTS, SUBJECT from " + TABLE;

    private final DataSource dataSource;

    JobStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    Job create(String kind, String actor, String node, Instant startedAt, long total, String subject) {
        try (Connection c = connection();
                PreparedStatement s = c.prepareStatement("insert into " + TABLE + " (KIND, STATE, ACTOR, NODE, STARTED_AT,"
                        + " TOTAL, DONE_COUNT, CHANGED, SUBJECT) values (?, ?, ?, ?, ?, ?, 0, 0, ?)",
                        Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, kind);
            s.setString(2, State.RUNNING.name());
            s.setString(3, Columns.clip(actor, 120));
            s.setString(4, Columns.clip(node, 200));
            s.setLong(5, startedAt.toEpochMilli());
            s.setLong(6, total);
            s.setString(7, subject);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return find(keys.getLong(1)).orElseThrow();
            }
        } catch (SQLException e) {
            throw failure("cannot start a run of " + kind, e);
        }
    }

    Optional<Job> find(long id) {
        return query(SELECT + " where ID = ?", 1, id).stream().findFirst();
    }

    /** The run of {@code kind} marked running, if any. */
    Optional<Job> running(String kind) {
        return query(SELECT + " where KIND = ? and STATE = ? order by ID desc", 1, kind, State.RUNNING.name()).stream()
                .findFirst();
    }

    List<Job> newest(String kind, int limit) {
        String sql = SELECT + (kind == null ? "" : " where KIND = ?") + " order by ID desc";
        return kind == null ? query(sql, limit) : query(sql, limit, kind);
    }

    /** The statement that moves a running run past a page: cursor, done, changed, counts, id, state. */
    static final String PROGRESS = "update " + TABLE + " set CURSOR_AT = ?, DONE_COUNT = DONE_COUNT + ?, "
            + "CHANGED = CHANGED + ?, COUNTS = ? where ID = ? and STATE = ?";

    /**
     * Moves a running run past a page, its counts added to those of {@code before} (only the node
     * holding the kind's lock writes them); false if it is no longer running (cancelled meanwhile).
     */
    boolean progress(Job before, JobPage page) {
        return update(PROGRESS, page.cursor(), page.done(), page.changed(), counts(before, page), before.id(),
                State.RUNNING.name()) == 1;
    }

    /** The run's counts after the page, as stored: {@code name=n,name=n}, empty for none. */
    static String counts(Job before, JobPage page) {
        Map<String, Long> counts = new TreeMap<>(before.counts());
        page.counts().forEach((name, n) -> counts.merge(name, n, Long::sum));
        String text = counts.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        if (text.length() > 1000) {
            throw new IllegalStateException("a job counts more than its column holds: " + counts.keySet());
        }
        return text;
    }

    private static Map<String, Long> counts(String text) {
        Map<String, Long> counts = new TreeMap<>();
        if (text != null) {
            for (String pair : text.split(",")) {
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                counts.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
            }
        }
        return counts;
    }

    /** Marks a run {@code from} one of {@code states} as {@code to}; false if it was in none of them. */
    boolean move(long id, State to, Instant finishedAt, String error, State... from) {
        StringBuilder sql = new StringBuilder("update " + TABLE + " set STATE = ?, FINISHED_AT = ?, ERROR = ? where ID = ?"
                + " and STATE in (");
        List<Object> params = new ArrayList<>(List.of(to.name(), finishedAt == null ? NULL : finishedAt.toEpochMilli(),
                error == null ? NULL_TEXT : Columns.clip(error, 1000), id));
        for (int i = 0; i < from.length; i++) {
            sql.append(i == 0 ? "?" : ", ?");
            params.add(from[i].name());
        }
        return update(sql.append(')').toString(), params.toArray()) == 1;
    }

    /** Takes a run over for {@code node}: the node that runs it now. */
    void runOn(long id, String node, String actor) {
        update("update " + TABLE + " set NODE = ?, ACTOR = ? where ID = ?", Columns.clip(node, 200), Columns.clip(actor, 120),
                id);
    }

    /** SQL NULL of a BIGINT or a VARCHAR column, as a parameter. */
    private record Null(int type) {
    }

    private static final Null NULL = new Null(java.sql.Types.BIGINT);
    private static final Null NULL_TEXT = new Null(java.sql.Types.VARCHAR);

    private int update(String sql, Object... params) {
        try (Connection c = connection(); PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, params);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw failure("cannot write to " + TABLE, e);
        }
    }

    private List<Job> query(String sql, int limit, Object... params) {
        List<Job> jobs = new ArrayList<>();
        try (Connection c = connection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setMaxRows(Math.max(1, limit));
            bind(s, params);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    jobs.add(job(r));
                }
            }
            return jobs;
        } catch (SQLException e) {
            throw failure("cannot read " + TABLE, e);
        }
    }

    private static void bind(PreparedStatement s, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            if (params[i] instanceof Null n) {
                s.setNull(i + 1, n.type());
            } else {
                s.setObject(i + 1, params[i]);
            }
        }
    }

    private static Job job(ResultSet r) throws SQLException {
        long finished = r.getLong(7);
        Instant finishedAt = r.wasNull() ? null : Instant.ofEpochMilli(finished);
        return new Job(r.getLong(1), r.getString(2), State.valueOf(r.getString(3)), r.getString(4), r.getString(5),
                Instant.ofEpochMilli(r.getLong(6)), finishedAt, r.getLong(8), r.getLong(9), r.getLong(10), r.getString(11),
                r.getString(12), counts(r.getString(13)), r.getString(14));
    }

    private Connection connection() throws SQLException {
        Connection c = dataSource.getConnection();
        // Each statement stands alone: a pooled connection may come with auto-commit off.
        c.setAutoCommit(true);
        return c;
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException(what + ": " + e.getMessage(), e);
    }
}
