package org.rapport.testing;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.stream.Stream;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;
import javax.sql.DataSource;

import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.jpa.JpaHelper;
import org.eclipse.persistence.sessions.server.Server;

/**
 * Persistence units deployed once per JVM and per list of units (in its order), for one test at a
 * time: EclipseLink's deployment of a unit (reading its mappings, building its descriptors and
 * queries) took as long as a small test, and every test of a module did it again for the same
 * units. The units' data source leads to the database of the test using them; as a test takes
 * them, their schema migrations run on its database as EclipseLink's deployment runs them (the
 * session customizer {@code SchemaMigrations$Customizer}, in the units' order), their preallocated
 * ids are forgotten and their caches emptied, so a test starts on its fresh database exactly as
 * with units deployed for it alone.
 *
 * <p>Only units set up by nothing but the migrations' customizer are kept (one that generates
 * DDL, or has a customizer of another kind, is deployed for each test, as a second run of its set-up
 * might not be what a first run is).
 */
final class DeployedUnits {

    /** The customizer whose second run on another database is its first run there. */
    static final String MIGRATIONS = "org.rapport.persistence.SchemaMigrations$Customizer";
    private static final String CUSTOMIZER = "eclipselink.session.customizer";

    private static final Map<List<String>, DeployedUnits> KEPT = new ConcurrentHashMap<>();
    /** Each deployment is a session of its own name, as two of one unit may be deployed at once. */
    private static final AtomicInteger SESSIONS = new AtomicInteger();

    private final List<String> unitNames;
    private final Map<String, EntityManagerFactory> factories = new LinkedHashMap<>();
    private final Routed dataSource = new Routed();
    private final boolean keep;
    private boolean busy;
    /** A Derby backup of the first test's database as the migrations left it, or null. */
    private volatile String template;

    private DeployedUnits(List<String> unitNames, DataSource database) {
        this.unitNames = unitNames;
        dataSource.to(database);
        Map<String, Object> properties = Map.of("javax.persistence.nonJtaDataSource", dataSource,
                "eclipselink.logging.level", "WARNING");
        boolean keepable = true;
        for (String unit : unitNames) {
            Map<String, Object> own = new LinkedHashMap<>(properties);
            own.put("eclipselink.session-name", unit + "-" + SESSIONS.incrementAndGet());
            EntityManagerFactory emf = Persistence.createEntityManagerFactory(unit, own);
            factories.put(unit, emf);
            try {
                // EclipseLink deploys lazily; deploy now so mapping and DDL errors fail here, and the tables exist.
                emf.createEntityManager().close();
            } catch (RuntimeException e) {
                factories.values().forEach(EntityManagerFactory::close);
                throw e;
            }
            Map<String, Object> set = emf.getProperties();
            keepable &= MIGRATIONS.equals(set.get(CUSTOMIZER)) && !set.containsKey("eclipselink.ddl-generation");
        }
        this.keep = keepable;
    }

    /**
     * The units, deployed on {@code database} (a fresh one) or, when a test before deployed them,
     * led to it and migrated there; {@link #release()} them when the test ends.
     */
    static DeployedUnits take(List<String> unitNames, DataSource database) {
        DeployedUnits kept = KEPT.get(unitNames);
        if (kept != null && kept.claim()) {
            kept.dataSource.to(database);
            try {
                kept.factories.values().forEach(DeployedUnits::setUp);
            } catch (RuntimeException e) {
                kept.release();
                throw e;
            }
            return kept;
        }
        DeployedUnits units = new DeployedUnits(unitNames, database);
        if (units.keep && kept == null && KEPT.putIfAbsent(unitNames, units) == null) {
            units.claim();
        }
        return units;
    }

    /**
     * A Derby backup of a database the units' migrations brought to their newest version and
     * nothing else touched, to create a test's database from ({@code createFrom}) instead of
     * creating it empty and migrating it: the migrations' DDL took as long again as Derby's
     * creating the database. Null until a test's units are kept and {@link #backUp} ran.
     */
    static String template(List<String> unitNames) {
        DeployedUnits kept = KEPT.get(unitNames);
        return kept == null ? null : kept.template;
    }

    /**
     * Backs up {@code database} (the in-memory Derby database named {@code name}, which these
     * units have just migrated) as the template of the next tests' databases, if these units are
     * kept and have none yet; the backup is deleted when the JVM ends.
     */
    void backUp(DataSource database, String name) throws SQLException {
        if (KEPT.get(unitNames) != this || template != null) {
            return;
        }
        Path folder;
        try {
            folder = Files.createTempDirectory("rapport-test-schema");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a folder for the units' template database", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(folder), "test-schema-delete"));
        try (Connection c = database.getConnection();
                CallableStatement backup = c.prepareCall("CALL SYSCS_UTIL.SYSCS_BACKUP_DATABASE(?)")) {
            backup.setString(1, folder.toString());
            backup.execute();
        }
        // The backup is the folder of the database's name, memory: aside.
        template = folder.resolve(name.substring(name.indexOf(':') + 1)).toString();
    }

    private static void delete(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // a folder of the system's temporary files, left to its cleaning
        }
    }

    private synchronized boolean claim() {
        if (busy) {
            return false; // two rules of one test class with the same units: the second has its own
        }
        busy = true;
        return true;
    }

    /** Migrates the unit's tables on the database it now leads to, and forgets what it held of the last. */
    private static void setUp(EntityManagerFactory emf) {
        Server session = JpaHelper.getServerSession(emf);
        try {
            ((SessionCustomizer) Class.forName(MIGRATIONS, true, DeployedUnits.class.getClassLoader())
                    .getConstructor().newInstance()).customize(session);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot run " + MIGRATIONS, e);
        } catch (Exception e) {
            throw new IllegalStateException("setting up unit " + session.getProperty("rapport.schema") + " failed: "
                    + e.getMessage(), e);
        }
        session.getSequencingControl().initializePreallocated();
        session.getIdentityMapAccessor().initializeAllIdentityMaps();
        emf.getCache().evictAll();
    }

    EntityManagerFactory emf(String unit) {
        return factories.get(unit);
    }

    /** The test is over: kept units lead nowhere until the next takes them; the others are closed. */
    void release() {
        if (KEPT.get(unitNames) == this) {
            dataSource.to(null);
            synchronized (this) {
                busy = false;
            }
        } else {
            factories.values().forEach(EntityManagerFactory::close);
        }
    }

    /** A data source leading to the database of the test that has the units now. */
    private static final class Routed implements DataSource {
        private volatile DataSource to;

        void to(DataSource database) {
            this.to = database;
        }

        private DataSource database() throws SQLException {
            DataSource database = to;
            if (database == null) {
                throw new SQLException("no test has these persistence units now: a connection asked for after its test ended");
            }
            return database;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return database().getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            return database().getConnection(user, password);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return database().unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return database().isWrapperFor(type);
        }
    }
}
