package org.rapport.segments.impl;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.After;
import org.junit.Test;
import org.rapport.persistence.SchemaMigrations;

/**
 * A database made before segments had a bundle of their own, when {@code rapport-contacts}' V1
 * created the segments' tables: it starts with both units without running a script twice, and
 * keeps its segments.
 */
public class CarriedOverDatabaseTest {

    private final EmbeddedDataSource derby = new EmbeddedDataSource();

    {
        derby.setDatabaseName("memory:carried-over-" + UUID.randomUUID());
        derby.setCreateDatabase("create");
    }

    @After
    public void drop() {
        derby.setCreateDatabase(null);
        derby.setConnectionAttributes("drop=true");
        try (Connection ignored = derby.getConnection()) {
            throw new IllegalStateException("not dropped");
        } catch (SQLException expected) {
            // Derby reports a successful drop with SQLState 08006.
        }
    }

    @Test
    public void aDatabaseWhoseSegmentTablesContactsCreatedKeepsThem() throws Exception {
        SchemaMigrations migrations = new SchemaMigrations(derby, getClass().getClassLoader(), Clock.systemUTC());
        migrations.migrate(SchemaMigrations.PLATFORM);
        // rapport-contacts V1 as it was: today's text with the segments' tables, under its former checksum.
        execute(resource("META-INF/migrations/rapport-contacts/derby/V1.sql"));
        execute(resource("META-INF/migrations/rapport-segments/V1.sql"));
        String former = resource("META-INF/migrations/rapport-contacts/derby/V1.checksums").lines()
                .filter(line -> !line.startsWith("#")).findFirst().orElseThrow();
        execute("insert into SCHEMA_VERSION (UNIT, VERSION, DESCRIPTION, CHECKSUM, APPLIED_AT) values "
                + "('rapport-contacts', 1, 'Contacts', '" + former + "', 0);\n"
                + "insert into SEGMENT (NAME, CHANGED_AT, CHANGED_BY, CONDITION_TEXT, MEMBERS) "
                + "values ('vip', current_timestamp, 'ana', 'tag:vip', 1);\n"
                + "insert into SEGMENT_MEMBER (CONTACT_ID, SEGMENT_NAME, JOINED_AT) values (7, 'vip', current_timestamp);\n");

        assertEquals("V1 kept, V2 to V4 run", 4, migrations.migrate("rapport-contacts"));
        assertEquals("V1 recorded as applied, V2 run", 2, migrations.migrate("rapport-segments"));

        assertEquals(List.of("rapport-contacts 1", "rapport-contacts 2", "rapport-contacts 3", "rapport-contacts 4",
                "rapport-segments 1", "rapport-segments 2"),
                rows("select UNIT, VERSION from SCHEMA_VERSION where UNIT <> 'rapport-platform' order by UNIT, VERSION"));
        assertEquals(List.of(former), rows("select CHECKSUM from SCHEMA_VERSION where UNIT = 'rapport-contacts' "
                + "and VERSION = 1"));
        assertEquals(List.of("vip 7"), rows("select SEGMENT_NAME, CONTACT_ID from SEGMENT_MEMBER"));
        assertEquals("a segment made before segments had a kind is for marketing", List.of("vip MARKETING"),
                rows("select NAME, KIND from SEGMENT"));
    }

    private String resource(String path) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Statements ended by ';' at the end of a line; comment lines left out. */
    private void execute(String script) throws SQLException {
        try (Connection c = derby.getConnection(); Statement s = c.createStatement()) {
            StringBuilder statement = new StringBuilder();
            for (String line : script.split("\n")) {
                if (line.startsWith("--")) {
                    continue;
                }
                statement.append(line).append('\n');
                if (line.strip().endsWith(";")) {
                    s.execute(statement.toString().strip().replaceAll(";$", ""));
                    statement.setLength(0);
                }
            }
        }
    }

    /** Rows as space-separated values. */
    private List<String> rows(String query) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = derby.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                    row.append(i == 1 ? "" : " ").append(r.getString(i).strip());
                }
                rows.add(row.toString());
            }
        }
        return rows;
    }
}
