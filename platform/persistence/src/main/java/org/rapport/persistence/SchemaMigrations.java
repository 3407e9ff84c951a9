package org.rapport.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.sessions.DatabaseLogin;
import org.eclipse.persistence.sessions.JNDIConnector;
import org.eclipse.persistence.sessions.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versioned schema migrations: each persistence unit's tables are created and changed by numbered
 * SQL scripts, {@code META-INF/migrations/<unit>/V1.sql}, {@code V2.sql}, ..., applied in order,
 * each in one transaction, and recorded in table {@code SCHEMA_VERSION} with a checksum. A script
 * both databases run is written once, naming the two types they spell differently as
 * {@code ${text}} (Derby's {@code CLOB(2147483647)}, PostgreSQL's {@code TEXT}) and
 * {@code ${boolean}} (Derby's {@code SMALLINT DEFAULT 0}, PostgreSQL's {@code BOOLEAN}); a script
 * of one database's own, {@code META-INF/migrations/<unit>/<dialect>/V<n>.sql} (dialect
 * {@code derby} or {@code postgresql}), takes the place of the shared one of its number there. The
 * checksum is that of the text run, so a script moved from two dialect folders to one shared text
 * that renders as each did is still the script each database applied. A script once applied is never edited: a changed
 * one stops the unit from starting, naming the file (unless {@code V<n>.checksums} beside it lists
 * the checksum applied, for the rare change that leaves databases as they were, such as tables
 * passing to another unit); a failing one is rolled back and names its
 * file, line and the database's reason. The tables shared by all units ({@code RAPPORT_ID}) are
 * the unit {@value #PLATFORM}'s, migrated first.
 *
 * <p>A database whose tables were created before a unit had migrations (by EclipseLink from the
 * mappings) is taken as being at version 1 when the first table {@code V1.sql} creates is there.
 * Nodes that start together on one PostgreSQL migrate one after the other (an advisory lock of the
 * schema, so that installations in other schemas of the database do not wait for each other).
 *
 * <p>A unit opts in with two properties in its {@code persistence.xml}:
 * {@code eclipselink.session.customizer = org.rapport.persistence.SchemaMigrations$Customizer} and
 * {@code rapport.schema = <unit>}; the customizer migrates before EclipseLink first logs in.
 */
public final class SchemaMigrations {

    /** The migrations of what every unit shares. */
    public static final String PLATFORM = "rapport-platform";
    /** The persistence unit property naming the unit whose migrations to apply. */
    public static final String SCHEMA_PROPERTY = "rapport.schema";

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);
    private static final Pattern FIRST_TABLE = Pattern.compile("(?i)create\\s+table\\s+(\\w+)");
    /** One JVM migrates one unit at a time; nodes sharing PostgreSQL also take an advisory lock. */
    private static final Object JVM_LOCK = new Object();
    private static final long ADVISORY_KEY = 0x5241505053434845L;

    private final DataSource dataSource;
    private final ClassLoader loader;
    private final Clock clock;

    /**
     * A script to apply: its version, where it is, its text, and the checksums of its former texts
     * that a database may have applied ({@code V1.checksums} beside {@code V1.sql}).
     */
    record Script(int version, String path, String text, List<String> formerChecksums) {
        String description() {
            String first = text.lines().findFirst().orElse("").strip();
            return first.startsWith("--") ? Columns.clip(first.substring(2).strip(), 200) : "V" + version;
        }

        String checksum() {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(text.replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
            }
        }
    }

    public SchemaMigrations(DataSource dataSource, ClassLoader loader, Clock clock) {
        this.dataSource = dataSource;
        this.loader = loader;
        this.clock = clock;
    }

    /**
     * Brings {@code unit}'s tables (and first the shared ones) to the newest version its scripts
     * describe.
     *
     * @return the unit's version now
     * @throws IllegalStateException naming the script at fault when a script fails or an applied
     *         one was changed; nothing of a failed script remains
     */
    public int migrate(String unit) {
        synchronized (JVM_LOCK) {
            try (Connection c = dataSource.getConnection()) {
                String dialect = dialect(c);
                boolean postgres = dialect.equals("postgresql");
                long key = postgres ? advisoryKey(c) : 0;
                if (postgres) {
                    awaitLock(c, key, unit);
                }
                try {
                    c.setAutoCommit(false);
                    createVersionTable(c);
                    int platform = migrate(c, PLATFORM, dialect);
                    return PLATFORM.equals(unit) ? platform : migrate(c, unit, dialect);
                } finally {
                    // Every change was committed with its script; what remains open is reading.
                    c.rollback();
                    if (postgres) {
                        c.setAutoCommit(true);
                        try (PreparedStatement s = c.prepareStatement("select pg_advisory_unlock(?)")) {
                            s.setLong(1, key);
                            s.executeQuery().close();
                        }
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("migrating the tables of '" + unit + "' failed: " + e.getMessage(), e);
            }
        }
    }

    private int migrate(Connection c, String unit, String dialect) throws SQLException {
        // The shared tables' scripts are this bundle's; a unit's are in its own bundle.
        List<Script> scripts = scripts(PLATFORM.equals(unit) ? SchemaMigrations.class.getClassLoader() : loader, unit,
                dialect);
        if (scripts.isEmpty()) {
            throw new IllegalStateException("no migrations for '" + unit + "': META-INF/migrations/" + unit
                    + "/V1.sql (or " + dialect + "/V1.sql) is missing");
        }
        Map<Integer, String> applied = applied(c, unit);
        if (applied.isEmpty() && tableExists(c, firstTable(scripts.get(0)))) {
            record(c, unit, scripts.get(0), "baseline: tables there before versioned migrations");
            c.commit();
            applied.put(1, scripts.get(0).checksum());
            LOG.info("Tables of '{}' were created before versioned migrations: taken as version 1", unit);
        }
        int version = 0;
        for (Script script : scripts) {
            String checksum = applied.get(script.version());
            if (checksum != null) {
                if (!checksum.equals(script.checksum()) && !script.formerChecksums().contains(checksum)) {
                    throw new IllegalStateException(script.path() + " was changed after it was applied to this database; "
                            + "an applied migration is never edited: undo the change and add V" + (scripts.size() + 1)
                            + ".sql instead");
                }
            } else {
                apply(c, unit, script);
            }
            version = script.version();
        }
        return version;
    }

    private void apply(Connection c, String unit, Script script) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (Map.Entry<Integer, String> statement : statements(script.text()).entrySet()) {
                try {
                    s.execute(statement.getValue());
                } catch (SQLException e) {
                    c.rollback();
                    throw new IllegalStateException(script.path() + ":" + statement.getKey() + ": " + e.getMessage()
                            + "; the script was rolled back and the unit does not start", e);
                }
            }
            record(c, unit, script, script.description());
            c.commit();
            LOG.info("Tables of '{}' migrated to version {}: {}", unit, script.version(), script.description());
        }
    }

    /** The script's statements, each ended by ';' at the end of a line, by the line they begin on. */
    static Map<Integer, String> statements(String text) {
        Map<Integer, String> statements = new LinkedHashMap<>();
        StringBuilder current = new StringBuilder();
        int start = 0;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (current.isEmpty() && (line.isEmpty() || line.startsWith("--"))) {
                continue;
            }
            if (current.isEmpty()) {
                start = i + 1;
            }
            current.append(current.isEmpty() ? "" : "\n").append(lines[i]);
            if (line.endsWith(";")) {
                String sql = current.toString().strip();
                statements.put(start, sql.substring(0, sql.length() - 1).strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalStateException("the statement at line " + start + " does not end with ';'");
        }
        return statements;
    }

    static List<Script> scripts(ClassLoader loader, String unit, String dialect) {
        List<Script> scripts = new ArrayList<>();
        for (int version = 1; ; version++) {
            String own = "META-INF/migrations/" + unit + "/" + dialect + "/V" + version + ".sql";
            String shared = "META-INF/migrations/" + unit + "/V" + version + ".sql";
            String text = read(loader, own);
            String path = own;
            if (text == null) {
                path = shared;
                text = read(loader, shared);
                if (text == null) {
                    return scripts;
                }
                text = DialectTypes.render(text, dialect, path);
            }
            scripts.add(new Script(version, path, text, formerChecksums(loader, path.replaceAll("\\.sql$", ".checksums"))));
        }
    }

    private static String read(ClassLoader loader, String path) {
        try (InputStream in = loader.getResourceAsStream(path)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }

    /**
     * The checksums listed in {@code path} (one per line, '#' for comments), or none: the texts a
     * script had before it was changed once for a reason that leaves every database it ran on as
     * it would be with the new text, such as tables it created passing to another unit's scripts.
     */
    private static List<String> formerChecksums(ClassLoader loader, String path) {
        try (InputStream in = loader.getResourceAsStream(path)) {
            if (in == null) {
                return List.of();
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }

    private static String firstTable(Script script) {
        Matcher table = FIRST_TABLE.matcher(script.text());
        if (!table.find()) {
            throw new IllegalStateException(script.path() + " creates no table");
        }
        return table.group(1);
    }

    /** Whether the table is there; asked with nothing else pending, as a failed query ends PostgreSQL's transaction. */
    private static boolean tableExists(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeQuery("select count(*) from " + table + " where 1 = 0").close();
            return true;
        } catch (SQLException missing) {
            return false;
        } finally {
            c.rollback();
        }
    }

    private static Map<Integer, String> applied(Connection c, String unit) throws SQLException {
        Map<Integer, String> applied = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("select VERSION, CHECKSUM from SCHEMA_VERSION where UNIT = ?")) {
            s.setString(1, unit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    applied.put(r.getInt(1), r.getString(2));
                }
            }
        }
        return applied;
    }

    private void record(Connection c, String unit, Script script, String description) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into SCHEMA_VERSION (UNIT, VERSION, DESCRIPTION, CHECKSUM, "
                + "APPLIED_AT) values (?, ?, ?, ?, ?)")) {
            s.setString(1, unit);
            s.setInt(2, script.version());
            s.setString(3, Columns.clip(description, 200));
            s.setString(4, script.checksum());
            s.setLong(5, clock.millis());
            s.executeUpdate();
        }
    }

    private static void createVersionTable(Connection c) throws SQLException {
        if (tableExists(c, "SCHEMA_VERSION")) {
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("create table SCHEMA_VERSION (UNIT varchar(100) not null, VERSION integer not null, "
                    + "DESCRIPTION varchar(200) not null, CHECKSUM varchar(64) not null, APPLIED_AT bigint not null, "
                    + "primary key (UNIT, VERSION))");
            c.commit();
        }
    }

    private static String dialect(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName();
        if ("PostgreSQL".equals(product)) {
            return "postgresql";
        }
        if (product.toLowerCase(Locale.ROOT).contains("derby")) {
            return "derby";
        }
        throw new IllegalStateException("Rapport runs on Apache Derby or PostgreSQL, not " + product);
    }

    /**
     * The advisory lock of the migrations of the connection's schema: installations in other
     * schemas of one database migrate without waiting for each other.
     */
    static long advisoryKey(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select current_schema()")) {
            r.next();
            String schema = r.getString(1);
            return schema == null ? ADVISORY_KEY
                    : ADVISORY_KEY ^ UUID.nameUUIDFromBytes(schema.getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
        }
    }

    /**
     * Takes the migration lock, waiting while another node migrates; every 10 s of waiting says
     * which database session holds it, as a node stuck behind another's long migration otherwise
     * starts without a word.
     */
    private static void awaitLock(Connection c, long key, String unit) throws SQLException {
        c.setAutoCommit(true);
        long waitingSince = System.nanoTime();
        long toldAt = waitingSince;
        while (true) {
            try (PreparedStatement s = c.prepareStatement("select pg_try_advisory_lock(?)")) {
                s.setLong(1, key);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    if (r.getBoolean(1)) {
                        return;
                    }
                }
            }
            if (System.nanoTime() - toldAt > 10_000_000_000L) {
                toldAt = System.nanoTime();
                LOG.warn("Migrating '{}' waits {} s for another node's migration of this schema: {}", unit,
                        (toldAt - waitingSince) / 1_000_000_000L, holder(c, key));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while waiting for the migration lock", e);
            }
        }
    }

    /** The session holding an advisory lock: its process id, client, state and statement. */
    private static String holder(Connection c, long key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select a.pid, a.application_name, a.client_addr, a.state, "
                + "a.query from pg_locks l join pg_stat_activity a on a.pid = l.pid where l.locktype = 'advisory' "
                + "and l.granted and ((l.classid::bigint << 32) | l.objid::bigint) = ?")) {
            s.setLong(1, key);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? "database session " + r.getInt(1) + " (" + r.getString(2) + ", " + r.getString(3) + ", "
                        + r.getString(4) + ": " + Columns.clip(String.valueOf(r.getString(5)), 200) + ")"
                        : "the holder is not visible to this database user";
            }
        }
    }

    /**
     * Migrates a persistence unit as EclipseLink sets it up, before it first logs in: the unit
     * named by its {@value SchemaMigrations#SCHEMA_PROPERTY} property, with its data source and
     * its class loader (where its scripts are).
     */
    public static final class Customizer implements SessionCustomizer {
        @Override
        public void customize(Session session) {
            Object unit = session.getProperty(SCHEMA_PROPERTY);
            if (!(unit instanceof String name) || name.isBlank()) {
                throw new IllegalStateException("persistence unit property " + SCHEMA_PROPERTY + " names no unit");
            }
            if (!(session.getDatasourceLogin() instanceof DatabaseLogin login)
                    || !(login.getConnector() instanceof JNDIConnector connector) || connector.getDataSource() == null) {
                throw new IllegalStateException("unit '" + name + "' has no data source to migrate");
            }
            new SchemaMigrations(connector.getDataSource(), session.getPlatform().getConversionManager().getLoader(),
                    Clock.systemUTC()).migrate(name);
        }
    }
}
