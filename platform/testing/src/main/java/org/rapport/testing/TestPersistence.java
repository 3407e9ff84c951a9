package org.rapport.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.rules.ExternalResource;

/**
 * A JUnit rule that opens a bundle's persistence unit, as written in its
 * {@code META-INF/persistence.xml}, against a fresh in-memory Derby database, and drops the
 * database after the test. The OSGi data source named in the unit is replaced by a plain
 * Derby data source, so the same mapping and DDL generation are exercised as in the container.
 */
public final class TestPersistence extends ExternalResource {

    private final String unitName;
    private EmbeddedDataSource dataSource;
    private EntityManagerFactory emf;

    public TestPersistence(String unitName) {
        this.unitName = unitName;
    }

    @Override
    protected void before() {
        dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:" + unitName + "-" + UUID.randomUUID());
        dataSource.setCreateDatabase("create");
        Map<String, Object> properties = new HashMap<>();
        properties.put("javax.persistence.nonJtaDataSource", dataSource);
        properties.put("eclipselink.logging.level", "WARNING");
        emf = Persistence.createEntityManagerFactory(unitName, properties);
        // EclipseLink deploys lazily; deploy now so mapping and DDL errors fail here, and the database exists.
        emf.createEntityManager().close();
    }

    @Override
    protected void after() {
        if (emf != null) {
            emf.close();
        }
        dataSource.setCreateDatabase(null);
        dataSource.setConnectionAttributes("drop=true");
        try (Connection ignored = dataSource.getConnection()) {
            throw new IllegalStateException("in-memory database " + dataSource.getDatabaseName() + " was not dropped");
        } catch (SQLException expected) {
            // Derby reports a successful drop with SQLState 08006.
            if (!"08006".equals(expected.getSQLState())) {
                throw new IllegalStateException("dropping " + dataSource.getDatabaseName() + " failed", expected);
            }
        }
    }

    /** The entity manager factory of the unit under test. */
    public EntityManagerFactory emf() {
        if (emf == null) {
            throw new IllegalStateException("TestPersistence must be used as a @Rule");
        }
        return emf;
    }

    /** The data source behind the unit, for assertions in plain SQL. */
    public EmbeddedDataSource dataSource() {
        return dataSource;
    }
}
