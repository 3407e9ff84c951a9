package org.rapport.testing;

import javax.sql.DataSource;

import org.apache.commons.dbcp2.DataSourceConnectionFactory;
import org.apache.commons.dbcp2.PoolableConnection;
import org.apache.commons.dbcp2.PoolableConnectionFactory;
import org.apache.commons.dbcp2.PoolingDataSource;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;

/** Pools of connections as the distribution's data source has them, for tests and benchmarks. */
public final class ConnectionPools {

    /**
     * Prepared statements a pooled connection keeps, as the distribution's data source file sets
     * them ({@code factory.poolStatements}, {@code factory.maxOpenPreparedStatements}).
     */
    public static final int STATEMENTS_PER_CONNECTION = 200;

    private ConnectionPools() {
    }

    /**
     * A dbcp2 pool of the data source's connections, each keeping its prepared statements, as
     * pax-jdbc makes the distribution's ({@code pool = dbcp2}); closing it closes the pool.
     */
    public static PoolingDataSource<PoolableConnection> dbcp2(DataSource connections,
            GenericObjectPoolConfig<PoolableConnection> config) {
        PoolableConnectionFactory factory = new PoolableConnectionFactory(new DataSourceConnectionFactory(connections), null);
        factory.setPoolStatements(true);
        factory.setMaxOpenPreparedStatements(STATEMENTS_PER_CONNECTION);
        GenericObjectPool<PoolableConnection> pool = new GenericObjectPool<>(factory, config);
        factory.setPool(pool);
        return new PoolingDataSource<>(pool);
    }
}
