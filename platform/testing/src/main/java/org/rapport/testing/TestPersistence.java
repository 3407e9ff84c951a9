package org.rapport.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;

import org.apache.commons.dbcp2.PoolableConnection;
import org.apache.commons.dbcp2.PoolingDataSource;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.experimental.categories.Category;
import org.junit.rules.ExternalResource;
import org.junit.runner.Description;
import org.junit.runners.model.Statement;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A JUnit rule that opens bundles' persistence units, as written in their
 * {@code META-INF/persistence.xml}, against one fresh in-memory Derby database, as they share
 * one database in the server, and drops the database after the test (on a thread of its own, see
 * {@link Drops}). The OSGi data source named
 * in each unit is replaced by a plain Derby data source behind a dbcp2 pool of connections, as the
 * distribution's data source has one, so the same mapping and DDL generation are exercised as in
 * the container, and a test's transactions do not each open a connection (on PostgreSQL that cost
 * about 50 ms a transaction).
 *
 * <p>EclipseLink deploys the units once per test JVM and per list of units (in the order named):
 * each test's units lead to its own fresh database, where their schema migrations run as they
 * take it, with no id preallocated and nothing cached from the test before, so each test starts as
 * on units deployed for it alone (see {@code DeployedUnits}; a unit that generates DDL or is
 * customized otherwise is deployed for each test). A connection asked of a unit after its test
 * ended is refused. On Derby, the first test's database, once migrated, is backed up, and the next
 * tests' databases of those units are created from that backup (Derby's {@code createFrom}), the
 * migrations finding them at their newest version.
 *
 * <p>With {@code -Drapport.test.database=jdbc:postgresql://host:port/db?user=u} the same tests
 * run on PostgreSQL instead: each test gets a fresh schema of that database, dropped after it.
 * That pass runs only the tests of the category {@link UsesDatabase}, so a test class with this
 * rule must be marked {@code @Category(UsesDatabase.class)}; the rule fails its tests otherwise.
 */
public final class TestPersistence extends ExternalResource {

    private final List<String> unitNames;
    /** A PostgreSQL URL to test on instead of Derby, or empty. */
    private static final String DATABASE = System.getProperty("rapport.test.database", "");

    /** Connections the units and the tests share, unless a test asks for a smaller pool. */
    private static final int DEFAULT_POOL_SIZE = 16;

    private DataSource dataSource;
    private String schema;
    private int poolSize = DEFAULT_POOL_SIZE;
    private PoolingDataSource<PoolableConnection> pool;
    private DeployedUnits units;
    /** The backup this test's Derby database was created from, or null if created empty. */
    private String template;

    /** @param unitNames the units to open, in order; the first is the one {@link #emf()} returns */
    public TestPersistence(String... unitNames) {
        if (unitNames.length == 0) {
            throw new IllegalArgumentException("name at least one persistence unit");
        }
        this.unitNames = List.of(unitNames);
    }

    @Override
    public Statement apply(Statement base, Description description) {
        Class<?> test = description.getTestClass();
        if (test != null && !inCategory(test)) {
            return new Statement() {
                @Override
                public void evaluate() {
                    throw new AssertionError(test.getName() + " uses the database: mark it @Category(UsesDatabase.class)"
                            + " (org.rapport.testing), or the unit tests' pass on PostgreSQL leaves it out");
                }
            };
        }
        return super.apply(base, description);
    }

    private static boolean inCategory(Class<?> test) {
        Category category = test.getAnnotation(Category.class);
        return category != null && Arrays.asList(category.value()).contains(UsesDatabase.class);
    }

    @Override
    protected void before() throws SQLException {
        Drops.DROPS.check();
        if (DATABASE.startsWith("jdbc:postgresql:")) {
            schema = "t_" + UUID.randomUUID().toString().replace("-", "");
            PGSimpleDataSource postgres = new PGSimpleDataSource();
            postgres.setURL(DATABASE);
            try (Connection c = postgres.getConnection(); java.sql.Statement s = c.createStatement()) {
                s.execute("create schema " + schema);
            }
            postgres.setCurrentSchema(schema);
            dataSource = postgres;
        } else if (!DATABASE.isEmpty()) {
            throw new IllegalArgumentException("rapport.test.database must be a jdbc:postgresql: URL, not " + DATABASE);
        } else {
            EmbeddedDataSource derby = new EmbeddedDataSource();
            derby.setDatabaseName("memory:" + unitNames.get(0) + "-" + UUID.randomUUID());
            template = DeployedUnits.template(unitNames);
            if (template == null) {
                derby.setCreateDatabase("create");
            } else {
                createFrom(derby.getDatabaseName(), template);
            }
            dataSource = derby;
        }
        GenericObjectPoolConfig<PoolableConnection> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(poolSize);
        config.setMaxIdle(poolSize);
        config.setMaxWait(Duration.ofSeconds(30));
        pool = ConnectionPools.dbcp2(dataSource, config);
        units = DeployedUnits.take(unitNames, pool);
        if (dataSource instanceof EmbeddedDataSource derby && template == null) {
            units.backUp(pool, derby.getDatabaseName());
        }
    }

    /** Creates in-memory database {@code name} from the Derby backup in folder {@code template}. */
    private static void createFrom(String name, String template) throws SQLException {
        EmbeddedDataSource restore = new EmbeddedDataSource();
        restore.setDatabaseName(name);
        restore.setConnectionAttributes("createFrom=" + template);
        restore.getConnection().close();
    }

    @Override
    protected void after() {
        units.release();
        units = null;
        try {
            pool.close();
        } catch (SQLException e) {
            throw new IllegalStateException("closing the pool of connections failed", e);
        }
        if (dataSource instanceof PGSimpleDataSource postgres) {
            try (Connection c = postgres.getConnection(); java.sql.Statement s = c.createStatement()) {
                s.execute("drop schema " + schema + " cascade");
            } catch (SQLException e) {
                throw new IllegalStateException("dropping schema " + schema + " failed", e);
            }
            return;
        }
        EmbeddedDataSource derby = (EmbeddedDataSource) dataSource;
        derby.setCreateDatabase(null);
        derby.setConnectionAttributes("drop=true");
        // Derby sleeps half a second in every drop ("to give running threads a chance to see the
        // shutdown"): the test does not wait for it, as the next one opens a database of another name.
        // A drop that fails is reported when the test JVM ends (see Drops).
        Drops.DROPS.submit(derby);
    }

    /**
     * The units get their connections from a dbcp2 pool of at most {@code size} connections (the
     * pool the distribution's data source uses, pax-jdbc's {@code pool = dbcp2}) instead of
     * {@value #DEFAULT_POOL_SIZE}: for tests of what happens when connections run short.
     */
    public TestPersistence pooled(int size) {
        this.poolSize = size;
        return this;
    }

    /** The entity manager factory of the first unit. */
    public EntityManagerFactory emf() {
        return emf(unitNames.get(0));
    }

    /** The entity manager factory of one of the units. */
    public EntityManagerFactory emf(String unitName) {
        if (units == null) {
            throw new IllegalStateException("TestPersistence must be used as a @Rule");
        }
        EntityManagerFactory emf = units.emf(unitName);
        if (emf == null) {
            throw new IllegalStateException("unit " + unitName + " is not one of " + unitNames);
        }
        return emf;
    }

    /** The pooled data source the units use, for assertions in plain SQL and for JDBC services. */
    public DataSource dataSource() {
        return pool;
    }
}
