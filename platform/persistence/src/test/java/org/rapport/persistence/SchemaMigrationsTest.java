package org.rapport.persistence;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** Migrations of test units (scripts under src/test/resources/META-INF/migrations) on Derby, or PostgreSQL. */
@Category(UsesDatabase.class)
public class SchemaMigrationsTest {

    @Rule
    public final TestPersistence db = new TestPersistence("transactions-test");

    private SchemaMigrations migrations() {
        return new SchemaMigrations(db.dataSource(), getClass().getClassLoader(), Clock.systemUTC());
    }

    private List<String> rows(String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery(query)) {
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                    row.append(i > 1 ? "|" : "").append(r.getString(i));
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private boolean fails(String sql) {
        try {
            rows(sql);
            return false;
        } catch (SQLException expected) {
            return true;
        }
    }

    private String dialect() throws SQLException {
        try (Connection c = db.dataSource().getConnection()) {
            return "PostgreSQL".equals(c.getMetaData().getDatabaseProductName()) ? "postgresql" : "derby";
        }
    }

    @Test
    public void aFreshDatabaseIsBroughtToTheNewestVersionOnce() throws SQLException {
        assertEquals(2, migrations().migrate("migrations-test"));

        assertEquals(List.of("migrations-test|1|Notes", "migrations-test|2|Notes have an author"),
                rows("select UNIT, VERSION, DESCRIPTION from SCHEMA_VERSION where UNIT = 'migrations-test' order by VERSION"));
        assertEquals(5, rows("select UNIT from SCHEMA_VERSION where UNIT = 'rapport-platform'").size());
        execute("insert into MIGRATED_NOTE (ID, TEXT, AUTHOR) values (1, 'kept', 'ada')");
        assertEquals(List.of("0"), rows("select NEXT_ID from RAPPORT_ID where NAME = 'MIGRATED_NOTE'").stream()
                .map(v -> v.replaceAll("\\.0+$", "")).toList());

        assertEquals(2, migrations().migrate("migrations-test"));
        assertEquals(7, rows("select VERSION from SCHEMA_VERSION").size());
        assertEquals(List.of("1|kept|ada"), rows("select ID, TEXT, AUTHOR from MIGRATED_NOTE"));
    }

    @Test
    public void tablesCreatedBeforeMigrationsAreTakenAsVersionOne() throws SQLException {
        // As EclipseLink created them from the mappings before the unit had migrations.
        execute("create table MIGRATED_NOTE (ID bigint not null, TEXT varchar(100) not null, primary key (ID))");
        execute("insert into MIGRATED_NOTE (ID, TEXT) values (7, 'older')");

        assertEquals(2, migrations().migrate("migrations-test"));

        assertEquals(List.of("1|baseline: tables there before versioned migrations", "2|Notes have an author"),
                rows("select VERSION, DESCRIPTION from SCHEMA_VERSION where UNIT = 'migrations-test' order by VERSION"));
        assertEquals(List.of("7|older|null"), rows("select ID, TEXT, AUTHOR from MIGRATED_NOTE"));
    }

    @Test
    public void aFailingScriptNamesItsLineAndLeavesNothingOfItself() throws SQLException {
        IllegalStateException expected = assertThrows("the second script adds a column twice",
                IllegalStateException.class, () -> migrations().migrate("migrations-broken"));
        assertTrue(expected.getMessage(), expected.getMessage().startsWith("META-INF/migrations/migrations-broken/"
                + dialect() + "/V2.sql:4: "));
        assertEquals(List.of("1"), rows("select VERSION from SCHEMA_VERSION where UNIT = 'migrations-broken'"));
        assertTrue("the script's table was rolled back", fails("select ID from MIGRATED_CARD_LOG"));
        assertTrue("the script's column was rolled back", fails("select HOLDER from MIGRATED_CARD"));
        assertFalse(fails("select ID from MIGRATED_CARD"));
    }

    @Test
    public void anAppliedScriptThatWasEditedStopsTheUnit() throws SQLException {
        migrations().migrate("migrations-test");
        execute("update SCHEMA_VERSION set CHECKSUM = 'as it was before an edit' where UNIT = 'migrations-test' "
                + "and VERSION = 1");
        IllegalStateException expected = assertThrows("an applied script was edited", IllegalStateException.class,
                () -> migrations().migrate("migrations-test"));
        assertTrue(expected.getMessage(), expected.getMessage().startsWith("META-INF/migrations/migrations-test/"
                + dialect() + "/V1.sql was changed after it was applied"));
    }

    @Test
    public void aScriptChangedWithItsFormerChecksumListedIsTakenAsApplied() throws SQLException {
        migrations().migrate("migrations-test");
        execute("update SCHEMA_VERSION set CHECKSUM = 'former-text-of-v2' where UNIT = 'migrations-test' and VERSION = 2");
        assertEquals(2, migrations().migrate("migrations-test"));
        assertEquals(List.of("former-text-of-v2"), rows("select CHECKSUM from SCHEMA_VERSION where UNIT = 'migrations-test' "
                + "and VERSION = 2"));
    }

    @Test
    public void aScriptWrittenOnceRunsOnEitherDatabaseAndADialectsOwnTakesItsPlace() throws Exception {
        assertEquals(2, migrations().migrate("migrations-shared"));

        assertEquals(List.of("1|Cards, written once for both databases", "2|Cards have a holder"
                + (dialect().equals("postgresql") ? " (PostgreSQL's own script: Derby has no IF NOT EXISTS here)" : "")),
                rows("select VERSION, DESCRIPTION from SCHEMA_VERSION where UNIT = 'migrations-shared' order by VERSION"));
        try (Connection c = db.dataSource().getConnection();
                java.sql.PreparedStatement insert = c.prepareStatement(
                        "insert into SHARED_CARD (ID, NOTE, ACTIVE, HOLDER) values (1, ?, ?, 'ada')")) {
            insert.setString(1, "x".repeat(100_000));
            insert.setBoolean(2, true);
            insert.executeUpdate();
        }
        assertEquals(List.of("100000|ada"), rows("select length(NOTE), HOLDER from SHARED_CARD where ACTIVE = "
                + (dialect().equals("postgresql") ? "true" : "1")));
        // The checksum is the text run: what the script was, in this database's folder, before it was shared.
        String shared = new String(getClass().getClassLoader().getResourceAsStream(
                "META-INF/migrations/migrations-shared/V1.sql").readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String asRun = dialect().equals("postgresql") ? shared.replace("${text}", "TEXT").replace("${boolean}", "BOOLEAN")
                : shared.replace("${text}", "CLOB(2147483647)").replace("${boolean}", "SMALLINT DEFAULT 0");
        assertEquals(List.of(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(asRun.getBytes(java.nio.charset.StandardCharsets.UTF_8)))),
                rows("select CHECKSUM from SCHEMA_VERSION where UNIT = 'migrations-shared' and VERSION = 1"));
    }

    @Test
    public void aTypeAScriptWrittenOnceMisspellsIsNamedWithItsLine() throws SQLException {
        IllegalStateException expected = assertThrows(IllegalStateException.class,
                () -> migrations().migrate("migrations-typo"));
        assertTrue(expected.getMessage(), expected.getMessage().startsWith(
                "META-INF/migrations/migrations-typo/V1.sql:3: ${texte} is not a type"));
        assertEquals(List.of(), rows("select VERSION from SCHEMA_VERSION where UNIT = 'migrations-typo'"));
    }

    @Test
    public void aUnitWithoutScriptsIsRefused() {
        IllegalStateException expected = assertThrows("no scripts", IllegalStateException.class,
                () -> migrations().migrate("no-such-unit"));
        assertTrue(expected.getMessage(), expected.getMessage().contains("V1.sql) is missing"));
    }

    @Test
    public void statementsEndWithASemicolonAtTheEndOfALineAndKnowTheirLine() {
        assertEquals(Map.of(2, "CREATE TABLE A (ID INT)", 4, "CREATE INDEX I\n    ON A (ID)"),
                SchemaMigrations.statements("-- a comment\nCREATE TABLE A (ID INT);\n\nCREATE INDEX I\n    ON A (ID);\n"));
        IllegalStateException expected = assertThrows("unterminated", IllegalStateException.class,
                () -> SchemaMigrations.statements("CREATE TABLE A (ID INT);\nCREATE TABLE B (ID INT)\n"));
        assertEquals("the statement at line 2 does not end with ';'", expected.getMessage());
    }

    @Test
    public void aNodeWaitsForAnotherMigratingTheSameSchemaButNotForOneMigratingAnother() throws Exception {
        if (!dialect().equals("postgresql")) {
            // One JVM opens embedded Derby: two threads migrating at once migrate one after the other, once.
            java.util.concurrent.ExecutorService two = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                java.util.concurrent.Future<Integer> first = two.submit(() -> migrations().migrate("migrations-test"));
                java.util.concurrent.Future<Integer> second = two.submit(() -> migrations().migrate("migrations-test"));
                assertEquals(2, (int) first.get(60, java.util.concurrent.TimeUnit.SECONDS));
                assertEquals(2, (int) second.get(60, java.util.concurrent.TimeUnit.SECONDS));
            } finally {
                two.shutdownNow();
            }
            assertEquals(List.of("1", "2"), rows("select VERSION from SCHEMA_VERSION where UNIT = 'migrations-test' order by VERSION"));
            return;
        }
        execute("create schema if not exists migrations_elsewhere");
        try (Connection other = db.dataSource().getConnection(); Statement s = other.createStatement()) {
            // Another installation, in another schema of the database, migrating.
            s.execute("set search_path to migrations_elsewhere");
            long elsewhere = SchemaMigrations.advisoryKey(other);
            s.execute("select pg_advisory_lock(" + elsewhere + ")");
            assertEquals("not kept waiting", 2, migrations().migrate("migrations-test"));
            s.execute("select pg_advisory_unlock(" + elsewhere + ")");
            s.execute("drop schema migrations_elsewhere cascade");

            // Another node of this installation, migrating this schema.
            s.execute("set search_path to " + rows("select current_schema()").get(0));
            long here = SchemaMigrations.advisoryKey(other);
            assertTrue(here != elsewhere);
            s.execute("select pg_advisory_lock(" + here + ")");
            java.util.concurrent.FutureTask<Integer> waiting = new java.util.concurrent.FutureTask<>(
                    () -> migrations().migrate("migrations-test"));
            new Thread(waiting, "migrating-behind-another-node").start();
            assertThrows("waits while the other node migrates", java.util.concurrent.TimeoutException.class,
                    () -> waiting.get(1, java.util.concurrent.TimeUnit.SECONDS));
            s.execute("select pg_advisory_unlock(" + here + ")");
            assertEquals(2, (int) waiting.get(30, java.util.concurrent.TimeUnit.SECONDS));
        }
    }
}
