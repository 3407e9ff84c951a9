package org.rapport.persistence.impl;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.rapport.persistence.Cluster;
import org.rapport.persistence.Columns;
import org.rapport.persistence.SchemaMigrations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster service over the database {@code rapport}: PostgreSQL advisory locks when the
 * database is PostgreSQL, locks of this JVM otherwise, and the last run of each scheduled task
 * in the table {@code CLUSTER_TASK} (one of the platform's migrated tables; times as epoch
 * milliseconds, so nodes in different time zones agree).
 */
@Component(service = Cluster.class, configurationPid = DatabaseCluster.PID)
@Designate(ocd = DatabaseCluster.Config.class)
public class DatabaseCluster implements Cluster {

    static final String PID = "org.rapport.cluster";

    @ObjectClassDefinition(name = "Rapport cluster",
            description = "How this node works beside other nodes that share its PostgreSQL database.")
    public @interface Config {
        @AttributeDefinition(name = "Node name", required = false,
                description = "This node's name in logs, in GET /api/v1/health and in the runs of scheduled tasks; "
                        + "empty for the host's name. Give each node on one host a name of its own.")
        String node() default "";

        @AttributeDefinition(name = "Gap between runs of a task (s)",
                description = "A scheduled task that began less than this long ago on any node is not run again: "
                        + "every node's scheduler fires it, one runs it. Keep it below the shortest schedule.")
        int taskGapSeconds() default 60;

        @AttributeDefinition(name = "Check for orphaned runs every (s)",
                description = "How often this node looks for runs of scheduled tasks whose node died, to take them over.")
        int checkEverySeconds() default 5;
    }

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseCluster.class);
    private final String node;
    private final Duration gap;
    private final Clock clock;
    private final boolean postgres;
    private final ClusterLocks locks;
    private final TaskRuns runs;
    /** The work of each task this node was offered, to take over an orphaned run with. */
    private final Map<String, Runnable> offered = new ConcurrentHashMap<>();
    private final ScheduledExecutorService checker;

    @Activate
    public DatabaseCluster(@Reference(target = "(osgi.jndi.service.name=rapport)") DataSource dataSource, Config config) {
        this(dataSource, config.node().isBlank() ? hostName() : config.node().strip(),
                Duration.ofSeconds(config.taskGapSeconds()), Duration.ofSeconds(Math.max(1, config.checkEverySeconds())),
                Clock.systemUTC());
    }

    /**
     * @param checkEvery how often orphaned runs are looked for; null for never (a test calls
     *                   {@link #takeOverOrphans()} itself)
     */
    public DatabaseCluster(DataSource dataSource, String node, Duration gap, Duration checkEvery, Clock clock) {
        this.node = Columns.clip(node, 200);
        this.gap = gap;
        this.clock = clock;
        try (Connection c = dataSource.getConnection()) {
            postgres = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
            locks = new ClusterLocks(dataSource, postgres, postgres ? currentSchema(c) : "");
        } catch (SQLException e) {
            throw new IllegalStateException("the database 'rapport' cannot be reached: " + e.getMessage(), e);
        }
        runs = new TaskRuns(dataSource);
        // CLUSTER_TASK is one of the shared tables, created by the platform's migrations.
        new SchemaMigrations(dataSource, DatabaseCluster.class.getClassLoader(), clock).migrate(SchemaMigrations.PLATFORM);
        if (checkEvery == null) {
            checker = null;
        } else {
            checker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "rapport-cluster-check");
                t.setDaemon(true);
                return t;
            });
            checker.scheduleWithFixedDelay(this::safeTakeOver, checkEvery.toMillis(), checkEvery.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        LOG.info("Node '{}' on {}", this.node, postgres ? "PostgreSQL, which other nodes may share"
                : "a database of its own");
    }

    @Deactivate
    void deactivate() {
        if (checker != null) {
            checker.shutdownNow();
        }
    }

    @Override
    public String node() {
        return node;
    }

    @Override
    public boolean shared() {
        return postgres;
    }

    @Override
    public Optional<Lease> tryLock(String name) {
        return locks.tryLock(name);
    }

    // ---- scheduled tasks -----------------------------------------------------------------------

    @Override
    public boolean runOnce(String task, Runnable work) {
        offered.put(task, work);
        return run(task, work, false);
    }

    /**
     * Runs {@code work} under the task's lock if its last run allows: not within the gap, or
     * (for a takeover) unfinished with nobody holding the lock, which means its node died.
     */
    private boolean run(String task, Runnable work, boolean onlyOrphan) {
        Optional<Lease> lease = tryLock("task:" + task);
        if (lease.isEmpty()) {
            LOG.debug("Task '{}' is running on another node", task);
            return false;
        }
        try (Lease held = lease.get()) {
            TaskRun last = runs.last(task).orElse(null);
            Instant now = clock.instant();
            boolean orphan = last != null && last.unfinished();
            if (onlyOrphan && !orphan) {
                return false;
            }
            if (!orphan && last != null && last.startedAt().isAfter(now.minus(gap))) {
                LOG.info("Task '{}' began on node '{}' at {}: not run again on '{}'", task, last.node(), last.startedAt(),
                        node);
                return false;
            }
            if (orphan) {
                LOG.warn("Task '{}' began on node '{}' at {} and did not finish: '{}' takes it over", task, last.node(),
                        last.startedAt(), node);
            }
            Instant startedAt = orphan ? last.startedAt() : now;
            runs.write(new TaskRun(task, node, startedAt, null, null));
            String outcome = "done";
            try {
                work.run();
            } catch (RuntimeException | Error e) {
                outcome = Columns.clip("failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()), 1000);
                throw e;
            } finally {
                runs.write(new TaskRun(task, node, startedAt, clock.instant(), outcome));
            }
            return true;
        }
    }

    private void safeTakeOver() {
        try {
            takeOverOrphans();
        } catch (RuntimeException | Error e) {
            // A failed check would end the schedule: report it and check again next time.
            LOG.error("Looking for orphaned task runs failed", e);
        }
    }

    /** Runs again, here, each offered task whose last run's node died before finishing it. */
    public void takeOverOrphans() {
        for (Map.Entry<String, Runnable> task : offered.entrySet()) {
            if (runs.last(task.getKey()).filter(TaskRun::unfinished).isPresent()) {
                run(task.getKey(), task.getValue(), true);
            }
        }
    }

    @Override
    public List<TaskRun> tasks() {
        return runs.all();
    }

    private static String currentSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select current_schema()")) {
            r.next();
            return r.getString(1);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
