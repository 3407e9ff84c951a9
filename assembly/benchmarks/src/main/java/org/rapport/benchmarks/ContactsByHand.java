package org.rapport.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import javax.sql.DataSource;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The contacts of {@link ContactsBenchmark}: the CSV file both sides read, and the baseline, the
 * same rows inserted with plain JDBC batches.
 */
final class ContactsByHand {

    private static final int JDBC_BATCH = 1000;
    /** One contact in this many has a rare last name ({@code Zed<row>}). */
    static final int RARE = 1000;
    static final String[] FIRST = {"Ada", "Grace", "Katherine", "Dorothy", "Mary", "Alan", "Edsger", "Barbara",
        "Donald", "Frances", "Hedy", "Margaret", "Radia", "Shafi", "Tim", "Vint", "Ken", "Dennis", "Linus", "Sophie"};
    static final String[] LAST = {"Lovelace", "Hopper", "Johnson", "Vaughan", "Jackson", "Turing", "Dijkstra",
        "Liskov", "Knuth", "Allen", "Lamarr", "Hamilton", "Perlman", "Goldwasser", "Berners-Lee", "Cerf", "Thompson",
        "Ritchie", "Torvalds", "Wilson"};

    private ContactsByHand() {
    }

    /** Writes {@code rows} contacts ({@code person<row>@example.com}, names from the lists above) to {@code csv}. */
    static void generate(Path csv, int rows, Random random) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            out.write("email,first name,last name,phone,tags\n");
            for (int i = 0; i < rows; i++) {
                out.write(String.format(Locale.ROOT, "person%d@example.com,%s,%s,+44 20 %04d %04d,%s%n", i,
                        FIRST[random.nextInt(FIRST.length)], i % RARE == 0 ? "Zed" + i : LAST[random.nextInt(LAST.length)],
                        random.nextInt(10000),
                        i % 10000, i % 10 == 0 ? "vip" : ""));
            }
        }
    }

    /**
     * The baseline: the same rows parsed the same way, inserted with plain JDBC batches into a
     * table of the same shape as the product's {@code CONTACT}: its columns, and an index for each
     * of its indexes, read from the database's metadata, with each row's name keys in a copy of
     * {@code CONTACT_NAME_KEY} and its indexes (so the baseline pays for the same index upkeep as
     * the platform).
     */
    static long rawInsert(DataSource db, Path csv) throws IOException, SQLException {
        try (Connection c = db.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("create table RAW_CONTACT as select * from CONTACT with no data");
                s.execute("alter table RAW_CONTACT add primary key (ID)");
                Map<String, List<String>> indexes = new LinkedHashMap<>();
                Set<String> unique = new HashSet<>();
                try (ResultSet index = c.getMetaData().getIndexInfo(null, null, "CONTACT", false, false)) {
                    while (index.next()) {
                        String name = index.getString("INDEX_NAME");
                        String column = index.getString("COLUMN_NAME");
                        if (name == null || column == null || name.startsWith("SQL")) {
                            continue; // the primary key's, added above
                        }
                        indexes.computeIfAbsent(name, k -> new ArrayList<>()).add(column);
                        if (!index.getBoolean("NON_UNIQUE")) {
                            unique.add(name);
                        }
                    }
                }
                for (Map.Entry<String, List<String>> index : indexes.entrySet()) {
                    s.execute("create " + (unique.contains(index.getKey()) ? "unique " : "") + "index RAW_"
                            + index.getKey() + " on RAW_CONTACT (" + String.join(", ", index.getValue()) + ")");
                }
                s.execute("create table RAW_CONTACT_NAME_KEY as select * from CONTACT_NAME_KEY with no data");
                s.execute("alter table RAW_CONTACT_NAME_KEY add primary key (NAME_KEY, CONTACT_ID)");
                s.execute("create index RAW_IX_CONTACT_NAME_KEY_CONTACT on RAW_CONTACT_NAME_KEY (CONTACT_ID)");
                System.out.printf("Baseline table RAW_CONTACT: the columns of CONTACT and its %d indexes %s; name keys in "
                        + "RAW_CONTACT_NAME_KEY, keyed and indexed as CONTACT_NAME_KEY%n%n", indexes.size(), indexes.keySet());
            }
            c.setAutoCommit(false);
            long count = 0;
            Timestamp now = new Timestamp(System.currentTimeMillis());
            try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
                    CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                            .build().parse(reader);
                    PreparedStatement insert = c.prepareStatement("insert into RAW_CONTACT (ID, EMAIL, FIRST_NAME, "
                            + "LAST_NAME, FIRST_KEY, LAST_KEY, PHONE, CREATED_AT, UPDATED_AT) values (?, ?, ?, ?, ?, ?, ?, ?, ?)");
                    PreparedStatement insertKey = c.prepareStatement(
                            "insert into RAW_CONTACT_NAME_KEY (CONTACT_ID, NAME_KEY) values (?, ?)")) {
                for (CSVRecord r : parser) {
                    insert.setLong(1, ++count);
                    insert.setString(2, r.get(0).toLowerCase(Locale.ROOT));
                    insert.setString(3, r.get(1));
                    insert.setString(4, r.get(2));
                    insert.setString(5, r.get(1).toLowerCase(Locale.ROOT));
                    insert.setString(6, r.get(2).toLowerCase(Locale.ROOT));
                    insert.setString(7, r.get(3).replaceAll("[\\s().\\-/]", ""));
                    insert.setTimestamp(8, now);
                    insert.setTimestamp(9, now);
                    insert.addBatch();
                    Set<String> keys = new HashSet<>();
                    for (String value : new String[] {r.get(0), r.get(1), r.get(2)}) {
                        String lower = value.toLowerCase(Locale.ROOT);
                        if (lower.length() >= 3) {
                            keys.add(lower.substring(0, 3));
                        }
                    }
                    for (String key : keys) {
                        insertKey.setLong(1, count);
                        insertKey.setString(2, key);
                        insertKey.addBatch();
                    }
                    if (count % JDBC_BATCH == 0) {
                        insert.executeBatch();
                        insertKey.executeBatch();
                        c.commit();
                    }
                }
                insert.executeBatch();
                insertKey.executeBatch();
                c.commit();
            }
            return count;
        }
    }
}
