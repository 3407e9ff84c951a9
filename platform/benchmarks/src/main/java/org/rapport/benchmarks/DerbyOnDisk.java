package org.rapport.benchmarks;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.commons.dbcp2.DataSourceConnectionFactory;
import org.apache.commons.dbcp2.PoolableConnection;
import org.apache.commons.dbcp2.PoolableConnectionFactory;
import org.apache.commons.dbcp2.PoolingDataSource;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.derby.jdbc.EmbeddedDataSource;

/**
 * An embedded Derby database on disk, as the product keeps its data, with bundles' persistence
 * units opened on it through a pool of connections, as the distribution's data source pools them
 * (pax-jdbc with dbcp2 and its defaults). Baselines use {@link #dataSource} directly.
 */
final class DerbyOnDisk {

    final EmbeddedDataSource dataSource;
    private final GenericObjectPool<PoolableConnection> pool;
    private final Map<String, EntityManagerFactory> units = new LinkedHashMap<>();

    /**
     * Creates the database in {@code dir} and opens the units, as written in their
     * {@code META-INF/persistence.xml}, so their tables exist.
     */
    DerbyOnDisk(Path dir, String... unitNames) {
        dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName(dir.resolve("derby").toString());
        dataSource.setCreateDatabase("create");
        PoolableConnectionFactory connections = new PoolableConnectionFactory(new DataSourceConnectionFactory(dataSource),
                null);
        pool = new GenericObjectPool<>(connections);
        connections.setPool(pool);
        Map<String, Object> properties = new HashMap<>();
        properties.put("javax.persistence.nonJtaDataSource", new PoolingDataSource<>(pool));
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
        pool.close();
    }
}
