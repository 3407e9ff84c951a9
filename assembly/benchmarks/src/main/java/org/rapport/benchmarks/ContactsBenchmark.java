package org.rapport.benchmarks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import javax.persistence.EntityManagerFactory;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.ImportOptions;
import org.rapport.contacts.api.ImportReport;
import org.rapport.contacts.impl.ContactImports;
import org.rapport.contacts.impl.ContactPropertiesImpl;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.contacts.impl.ContactTransferImpl;
import org.rapport.contacts.impl.ImportPages;
import org.rapport.jobs.impl.JobRunnerImpl;
import org.rapport.persistence.impl.DatabaseCluster;

/**
 * Measures contacts at scale against baselines taken in the same run, on an embedded Derby
 * database on disk as the product uses it:
 * <ol>
 * <li>importing a CSV file of {@value #ROWS_DEFAULT} contacts through the platform (parsing,
 * validation, JPA, batches with their progress) versus a raw JDBC batch insert of the same rows,
 * parsed the same way, into a table of the same shape in the same database; with peak heap;</li>
 * <li>search latency at that size, by email and by name prefix, p50 and p99.</li>
 * </ol>
 * {@code -Drapport.bench.contacts=N} changes the number of rows.
 */
public final class ContactsBenchmark {

    private static final int ROWS_DEFAULT = 1_000_000;
    private static final int JDBC_BATCH = 1000;
    private static final int SEARCHES = 1000;
    private static final int NAME_SEARCHES = 300;
    private static final int COUNTS = 50;
    /** One contact in this many has a rare last name ({@code Zed<row>}). */
    private static final int RARE = 1000;
    private static final String[] FIRST = {"Ada", "Grace", "Katherine", "Dorothy", "Mary", "Alan", "Edsger", "Barbara",
        "Donald", "Frances", "Hedy", "Margaret", "Radia", "Shafi", "Tim", "Vint", "Ken", "Dennis", "Linus", "Sophie"};
    private static final String[] LAST = {"Lovelace", "Hopper", "Johnson", "Vaughan", "Jackson", "Turing", "Dijkstra",
        "Liskov", "Knuth", "Allen", "Lamarr", "Hamilton", "Perlman", "Goldwasser", "Berners-Lee", "Cerf", "Thompson",
        "Ritchie", "Torvalds", "Wilson"};

    private ContactsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("rapport.bench.contacts", ROWS_DEFAULT);
        Path dir = Files.createTempDirectory("rapport-bench-contacts");
        Path csv = dir.resolve("contacts.csv");
        generate(csv, rows, new Random(7));
        System.out.printf("Rapport contacts benchmark: %,d contacts, Derby on disk at %s, Java %s%n%n", rows, dir,
                System.getProperty("java.version"));

        DerbyOnDisk derby = new DerbyOnDisk(dir, "rapport-contacts");
        EmbeddedDataSource db = derby.dataSource;
        EntityManagerFactory emf = derby.unit("rapport-contacts");
        ContactService contacts = new ContactServiceImpl(emf);
        // Imports are jobs of the platform's runner, as in the distribution: one node, its runs on a thread of their own.
        ContactPropertiesImpl properties = new ContactPropertiesImpl(emf);
        JobRunnerImpl runner = new JobRunnerImpl(db, new DatabaseCluster(db, "benchmark", Duration.ofMinutes(1), null,
                Clock.systemUTC()), Clock.systemUTC(), null);
        runner.addKind(new ImportPages(emf, properties, Clock.systemUTC()));
        ContactTransferImpl transfer = new ContactTransferImpl(emf, properties,
                new ContactImports(emf, runner, properties, Clock.systemUTC()));

        resetPeakHeap();
        long start = System.nanoTime();
        long raw = rawInsert(db, csv);
        double rawRate = raw / ((System.nanoTime() - start) / 1e9);
        long rawHeap = peakHeap();

        resetPeakHeap();
        start = System.nanoTime();
        ImportReport report = transfer.importCsv(csv, ImportOptions.defaults(), done -> { });
        double importRate = report.created() / ((System.nanoTime() - start) / 1e9);
        long importHeap = peakHeap();
        if (report.created() != rows || contacts.count() != rows) {
            throw new IllegalStateException("imported " + report.created() + " of " + rows + ": " + report);
        }
        System.out.printf("CSV import, %,d rows%n  platform   %,10.0f rows/s, peak heap %,d MB%n"
                + "  raw JDBC   %,10.0f rows/s, peak heap %,d MB (baseline)%n  ratio      %.2f of raw; goal at least 0.5: %s%n%n",
                rows, importRate, importHeap >> 20, rawRate, rawHeap >> 20, importRate / rawRate,
                importRate / rawRate >= 0.5 ? "met" : "not met");

        Random random = new Random(11);
        latency("Search by email", SEARCHES, () -> {
            String email = "person" + random.nextInt(rows) + "@";
            return contacts.search(email, 0, 20).size();
        });
        latency("Search by name prefix, two common words (\"Lov Ada\": 1 contact in 400)", NAME_SEARCHES, () -> {
            String prefix = LAST[random.nextInt(LAST.length)].substring(0, 3) + " " + FIRST[random.nextInt(FIRST.length)];
            return contacts.search(prefix, 0, 20).size();
        });
        latency("Search by name prefix, one common word (\"Hop\": 1 contact in 20)", NAME_SEARCHES, () -> {
            String prefix = LAST[random.nextInt(LAST.length)].substring(0, 3);
            return contacts.search(prefix, 0, 20).size();
        });
        latency("Counting the matches of two common words (\"Lov Ada\"), as a page's total", COUNTS, false, () -> {
            String prefix = LAST[random.nextInt(LAST.length)].substring(0, 3) + " " + FIRST[random.nextInt(FIRST.length)];
            return (int) contacts.countMatches(prefix);
        });
        latency("Search by name prefix, a rare name (\"Zed4711\": a few contacts in 1,000,000)", NAME_SEARCHES, () -> {
            String prefix = "Zed" + RARE * random.nextInt(rows / RARE);
            return contacts.search(prefix, 0, 20).size();
        });
        derby.close();
    }

    private static void generate(Path csv, int rows, Random random) throws IOException {
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
    private static long rawInsert(EmbeddedDataSource db, Path csv) throws IOException, SQLException {
        try (Connection c = db.getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("create table RAW_CONTACT as select * from CONTACT with no data");
                s.execute("alter table RAW_CONTACT add primary key (ID)");
                java.util.Map<String, List<String>> indexes = new java.util.LinkedHashMap<>();
                java.util.Set<String> unique = new java.util.HashSet<>();
                try (java.sql.ResultSet index = c.getMetaData().getIndexInfo(null, null, "CONTACT", false, false)) {
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
            java.sql.Timestamp now = new java.sql.Timestamp(System.currentTimeMillis());
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

    private interface Query {
        int run();
    }

    private static void latency(String title, int searches, Query query) {
        latency(title, searches, true, query);
    }

    /** Times the query; a search has the goal of a p99 under 20 ms, counting matches has none. */
    private static void latency(String title, int searches, boolean search, Query query) {
        for (int i = 0; i < searches / 10; i++) {
            query.run();
        }
        List<Double> millis = new ArrayList<>(searches);
        for (int i = 0; i < searches; i++) {
            long start = System.nanoTime();
            query.run();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        Latencies latencies = Latencies.of(millis);
        System.out.printf("%s, %,d %s%n  p50 %.2f ms, p99 %.2f ms%s%n%n", title, searches, search ? "searches" : "counts",
                latencies.p50(), latencies.p99(),
                search ? "; goal p99 under 20 ms: " + (latencies.p99() < 20 ? "met" : "not met") : " (no goal)");
    }

    private static void resetPeakHeap() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
