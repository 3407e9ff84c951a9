package org.rapport.persistence.impl;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.rapport.persistence.Cluster.Lease;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's named locks: PostgreSQL advisory locks, each held by the session of a connection
 * of its own, when the database is PostgreSQL; locks of this JVM otherwise, as one JVM opens an
 * embedded database.
 */
final class ClusterLocks {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterLocks.class);
    /** Locks held in this JVM, when the database is not PostgreSQL. */
    private static final Set<String> LOCAL_LOCKS = ConcurrentHashMap.newKeySet();

    private final DataSource dataSource;
    private final boolean postgres;
    /** What lock names are qualified with: the schema, so installations in other schemas of one database do not meet. */
    private final String scope;

    ClusterLocks(DataSource dataSource, boolean postgres, String scope) {
        this.dataSource = dataSource;
        this.postgres = postgres;
        this.scope = scope;
    }

    Optional<Lease> tryLock(String name) {
        if (!postgres) {
            return LOCAL_LOCKS.add(name) ? Optional.of(new LocalLease(name)) : Optional.empty();
        }
        long key = key(scope + ":" + name);
        Connection c = null;
        try {
            c = dataSource.getConnection();
            c.setAutoCommit(true);
            boolean taken;
            try (PreparedStatement s = c.prepareStatement("select pg_try_advisory_lock(?)")) {
                s.setLong(1, key);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    taken = r.getBoolean(1);
                }
            }
            if (taken) {
                return Optional.of(new AdvisoryLease(name, key, c));
            }
            c.close();
            return Optional.empty();
        } catch (SQLException e) {
            closeQuietly(c);
            throw new IllegalStateException("cannot take lock '" + name + "': " + e.getMessage(), e);
        }
    }

    /** The advisory lock key of a (qualified) name: the first 8 bytes of its SHA-256, so names need no registry. */
    static long key(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("rapport:" + name).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.debug("Closing a connection failed", e);
            }
        }
    }

    private static final class LocalLease implements Lease {
        private final String name;
        private final AtomicBoolean open = new AtomicBoolean(true);

        LocalLease(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                LOCAL_LOCKS.remove(name);
            }
        }
    }

    /** An advisory lock and the connection whose session holds it. */
    private static final class AdvisoryLease implements Lease {
        private final String name;
        private final long key;
        private final Connection connection;
        private final AtomicBoolean open = new AtomicBoolean(true);

        AdvisoryLease(String name, long key, Connection connection) {
            this.name = name;
            this.key = key;
            this.connection = connection;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void close() {
            if (!open.compareAndSet(true, false)) {
                return;
            }
            try (PreparedStatement s = connection.prepareStatement("select pg_advisory_unlock(?)")) {
                s.setLong(1, key);
                s.executeQuery().close();
            } catch (SQLException e) {
                // A broken connection has lost its session, and the lock with it.
                LOG.warn("Releasing lock '{}' failed: {}", name, e.getMessage());
            } finally {
                closeQuietly(connection);
            }
        }
    }
}
