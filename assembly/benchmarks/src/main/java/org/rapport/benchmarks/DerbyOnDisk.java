package org.rapport.benchmarks;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.commons.dbcp2.PoolableConnection;
import org.apache.commons.dbcp2.PoolingDataSource;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.rapport.testing.ConnectionPools;

/**
 * An embedded Derby database on disk, as the product keeps its data, with bundles' persistence
 * units opened on it through a pool of connections, as the distribution's data source pools them
 * (pax-jdbc with dbcp2 and its defaults). Baselines use {@link #dataSource} directly.
 */
final class DerbyOnDisk {

    final EmbeddedDataSource dataSource;
    private final PoolingDataSource<PoolableConnection> pool;
    private final Map<String, EntityManagerFactory> units = new LinkedHashMap<>();

    /**
     * Creates the database in {@code dir} and opens the units, as written in their
     * {@code META-INF/persistence.xml}, so their tables exist.
     */
    DerbyOnDisk(Path dir, String... unitNames) {
        dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName(dir.resolve("derby").toString());
        dataSource.setCreateDatabase("create");
        pool = ConnectionPools.dbcp2(dataSource, new GenericObjectPoolConfig<>());
        Map<String, Object> properties = new HashMap<>();
        properties.put("javax.persistence.nonJtaDataSource", pool);
        properties.put("eclipselink.logging.level", "WARNING");
        for (String unit : unitNames) {
            EntityManagerFactory emf = Persistence.createEntityManagerFactory(unit, properties);
            emf.createEntityManager().close();
            units.put(unit, emf);
        }
    }

    EntityManagerFactory unit(String name) {
        return units.get(name);
    }

    void close() {
        units.values().forEach(EntityManagerFactory::close);
        try {
            pool.close();
        } catch (SQLException e) {
            throw new IllegalStateException("closing the pool of connections failed", e);
        }
    }
}
