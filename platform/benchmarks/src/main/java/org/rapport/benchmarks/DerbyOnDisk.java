package org.rapport.benchmarks;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.derby.jdbc.EmbeddedDataSource;

/** An embedded Derby database on disk, as the product keeps its data, with bundles' persistence units opened on it. */
final class DerbyOnDisk {

    final EmbeddedDataSource dataSource;
    private final Map<String, EntityManagerFactory> units = new LinkedHashMap<>();

    /**
     * Creates the database in {@code dir} and opens the units, as written in their
     * {@code META-INF/persistence.xml}, so their tables exist.
     */
    DerbyOnDisk(Path dir, String... unitNames) {
        dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName(dir.resolve("derby").toString());
        dataSource.setCreateDatabase("create");
        Map<String, Object> properties = new HashMap<>();
        properties.put("javax.persistence.nonJtaDataSource", dataSource);
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
    }
}
