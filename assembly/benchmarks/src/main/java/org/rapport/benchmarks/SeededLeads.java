package org.rapport.benchmarks;

import static org.rapport.benchmarks.LeadsByHand.ACTIVITY_DAYS;
import static org.rapport.benchmarks.LeadsByHand.EMAIL_OPENED;
import static org.rapport.benchmarks.LeadsByHand.PROFILING;
import static org.rapport.benchmarks.LeadsByHand.UNPROFILED_QUEUE;
import static org.rapport.benchmarks.LeadsByHand.VISIT;
import static org.rapport.benchmarks.LeadsByHand.decide;
import static org.rapport.benchmarks.LeadsByHand.grade;
import static org.rapport.benchmarks.LeadsByHand.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.rapport.benchmarks.LeadsByHand.Outcome;

/**
 * The leads of {@link SalesRescoringBenchmark}, seeded in JDBC batches (open leads, their contacts'
 * web visits and opened emails, the contacts' objections to profiling), and the checks that the
 * job and the baseline ({@link LeadsByHand}) reached the same outcome.
 */
final class SeededLeads {

    private static final int JDBC_BATCH = 1000;
    private static final long FIRST_CONTACT = 50_000_000L;
    private static final String[] SOURCES = {"web-form", "web-form", "web-form", "web-form", "referral", "event", "event",
        "import", "import", "import"};

    private SeededLeads() {
    }

    /**
     * What was seeded: how many leads a re-scoring changes, and how many leads' contacts objected to
     * profiling (one lead each; listed in {@code BENCH_OBJECTOR} for the checks, never read by either side).
     */
    record Seeded(int changes, int objectors) {
    }

    /**
     * {@code leads} open and qualified leads, a quarter of them linked to a contact with web visits
     * and opened emails (some older than the activity window). One such contact in ten objected to
     * profiling (its newest {@code profiling} record withdrawn) and one in twenty objected and then
     * agreed again (its newest record granted). Four in five leads carry the score, grade and queue
     * the shipped rules give; one in ten was never scored and one in ten carries a score 10 points
     * too high: those, and every lead whose contact objected (it must lose its score), are the
     * leads a re-scoring changes.
     */
    static Seeded seed(EmbeddedDataSource db, int leads, Instant now, Random random) throws SQLException {
        Timestamp created = ReevaluationByHand.utc(now.minus(200, ChronoUnit.DAYS));
        Timestamp recent = ReevaluationByHand.utc(now.minus(10, ChronoUnit.DAYS));
        Timestamp old = ReevaluationByHand.utc(now.minus(ACTIVITY_DAYS + 60, ChronoUnit.DAYS));
        Timestamp objectedAt = ReevaluationByHand.utc(now.minus(30, ChronoUnit.DAYS));
        Timestamp agreedAt = ReevaluationByHand.utc(now.minus(20, ChronoUnit.DAYS));
        int stale = 0;
        int objectors = 0;
        long interaction = 0;
        long consent = 0;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE BENCH_OBJECTOR (CONTACT_ID BIGINT NOT NULL PRIMARY KEY, "
                        + "SUBJECT VARCHAR(40) NOT NULL)");
            }
            try (PreparedStatement lead = c.prepareStatement("INSERT INTO SALES_LEAD (ID, NAME, EMAIL, EMAIL_KEY, PHONE, "
                    + "COMPANY, SOURCE, ANSWERS, STATUS, SCORE, GRADE, QUEUE, OWNER_GIVEN, CONTACT_ID, CREATED_BY, "
                    + "CREATED_AT, UPDATED_AT, SCORED_AT) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 'benchmark', ?, ?, ?)");
                    PreparedStatement activity = c.prepareStatement("INSERT INTO INTERACTION (ID, CHANNEL, CONTACT_ID, "
                            + "DIRECTION, OCCURRED_AT, RECORDED_AT, SOURCE, TYPE) VALUES (?, ?, ?, 'INBOUND', ?, ?, 'benchmark', ?)");
                    PreparedStatement consents = c.prepareStatement("INSERT INTO PRIVACY_CONSENT (ID, ACTOR, BASIS, "
                            + "CHANNEL, CONTACT_ID, PURPOSE, RECORDED_AT, SOURCE, STATE) VALUES (?, 'benchmark', "
                            + "'LEGITIMATE_INTERESTS', NULL, ?, '" + PROFILING + "', ?, 'preference centre', ?)");
                    PreparedStatement objector = c.prepareStatement("INSERT INTO BENCH_OBJECTOR VALUES (?, ?)")) {
                for (int i = 1; i <= leads; i++) {
                    int kind = random.nextInt(10);
                    String domain = kind < 4 ? "company" + random.nextInt(5000) + ".example"
                            : kind < 6 ? "gmail.com" : kind < 8 ? "yahoo.com" : null;
                    boolean phone = domain == null || random.nextInt(10) < 4;
                    boolean company = random.nextBoolean();
                    String source = SOURCES[random.nextInt(SOURCES.length)];
                    String answers = answers(random);
                    Long contact = random.nextInt(4) == 0 ? FIRST_CONTACT + i : null;
                    int visits = 0;
                    int opened = 0;
                    boolean objected = false;
                    if (contact != null) {
                        int said = random.nextInt(20);
                        if (said < 3) {
                            consent = consent(consents, consent, contact, objectedAt, "WITHDRAWN");
                        }
                        if (said == 2) {
                            consent = consent(consents, consent, contact, agreedAt, "GRANTED");
                        }
                        objected = said < 2;
                        if (objected) {
                            objector.setLong(1, contact);
                            objector.setString(2, "lead:" + i);
                            objector.addBatch();
                            objectors++;
                        }
                        visits = random.nextInt(5);
                        opened = random.nextInt(4);
                        interaction = interactions(activity, interaction, contact, VISIT, "WEB", visits, recent);
                        interaction = interactions(activity, interaction, contact, EMAIL_OPENED, "EMAIL", opened, recent);
                        interaction = interactions(activity, interaction, contact, VISIT, "WEB", 1, old);
                    }
                    Outcome outcome = decide(source, domain, company, phone, visits, opened, answers);
                    int state = random.nextInt(10);
                    Integer score = state == 0 ? null : state == 1 ? outcome.score() + 10 : outcome.score();
                    stale += state < 2 || objected ? 1 : 0;
                    lead.setLong(1, i);
                    lead.setString(2, "Lead " + i);
                    lead.setString(3, domain == null ? null : "person" + i + "@" + domain);
                    lead.setString(4, domain == null ? null : "person" + i + "@" + domain);
                    lead.setString(5, phone ? "+4930" + (1_000_000 + i) : null);
                    lead.setString(6, company ? "Company " + random.nextInt(5000) : null);
                    lead.setString(7, source);
                    lead.setString(8, answers);
                    lead.setString(9, random.nextInt(20) == 0 ? "QUALIFIED" : "OPEN");
                    lead.setObject(10, score, Types.INTEGER);
                    lead.setString(11, score == null ? null : grade(score));
                    lead.setString(12, score == null ? null : queue(score, source));
                    lead.setObject(13, contact, Types.BIGINT);
                    lead.setTimestamp(14, created);
                    lead.setTimestamp(15, created);
                    lead.setTimestamp(16, score == null ? null : created);
                    lead.addBatch();
                    if (i % JDBC_BATCH == 0 || i == leads) {
                        lead.executeBatch();
                        activity.executeBatch();
                        consents.executeBatch();
                        objector.executeBatch();
                        c.commit();
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("UPDATE RAPPORT_ID SET NEXT_ID = " + (leads + 1) + " WHERE NAME = 'SALES_LEAD'");
                s.execute("UPDATE RAPPORT_ID SET NEXT_ID = " + (interaction + 1) + " WHERE NAME = 'INTERACTION'");
                s.execute("UPDATE RAPPORT_ID SET NEXT_ID = " + (consent + 1) + " WHERE NAME = 'PRIVACY_CONSENT'");
                s.execute("CREATE TABLE BENCH_CONSENT_BLOCK (ID BIGINT GENERATED BY DEFAULT AS IDENTITY NOT NULL, "
                        + "ACTION VARCHAR(300) NOT NULL, BLOCKED_AT TIMESTAMP NOT NULL, CONTACT_ID BIGINT NOT NULL, "
                        + "PURPOSE VARCHAR(60) NOT NULL, REASON VARCHAR(500) NOT NULL, REQUESTER VARCHAR(120) NOT NULL, "
                        + "PRIMARY KEY (ID))");
                s.execute("CREATE TABLE BENCH_LEAD (ID BIGINT NOT NULL PRIMARY KEY, SOURCE VARCHAR(40) NOT NULL, "
                        + "EMAIL_KEY VARCHAR(254), PHONE VARCHAR(40), COMPANY VARCHAR(200), ANSWERS VARCHAR(8000), "
                        + "STATUS VARCHAR(16) NOT NULL, SCORE INTEGER, GRADE VARCHAR(20), QUEUE VARCHAR(60), CONTACT_ID BIGINT, "
                        + "UPDATED_AT TIMESTAMP NOT NULL, SCORED_AT TIMESTAMP)");
                s.execute("INSERT INTO BENCH_LEAD SELECT ID, SOURCE, EMAIL_KEY, PHONE, COMPANY, ANSWERS, STATUS, SCORE, "
                        + "GRADE, QUEUE, CONTACT_ID, UPDATED_AT, SCORED_AT FROM SALES_LEAD");
                s.execute("CREATE INDEX IX_BENCH_LEAD_STATUS ON BENCH_LEAD (STATUS, ID)");
                s.execute("CREATE TABLE BENCH_DECISION (ID BIGINT GENERATED BY DEFAULT AS IDENTITY NOT NULL, "
                        + "ATTRIBUTES VARCHAR(4000) NOT NULL, DECIDED_AT TIMESTAMP NOT NULL, FACTS CLOB(2147483647), "
                        + "RELEASE_VERSION BIGINT NOT NULL, RULE_NAME VARCHAR(250) NOT NULL, PACKAGE_NAME VARCHAR(64) NOT NULL, "
                        + "SUBJECT VARCHAR(255) NOT NULL, DECISION_TYPE VARCHAR(100) NOT NULL, PRIMARY KEY (ID))");
                s.execute("CREATE INDEX IX_BENCH_DECISION_SUBJECT ON BENCH_DECISION (SUBJECT, DECIDED_AT)");
                // The statistics a long-running database would have: both sides plan with them.
                for (String table : List.of("SALES_LEAD", "BENCH_LEAD", "INTERACTION", "PRIVACY_CONSENT")) {
                    s.execute("CALL SYSCS_UTIL.SYSCS_UPDATE_STATISTICS('APP', '" + table + "', NULL)");
                }
            }
            c.commit();
        }
        return new Seeded(stale, objectors);
    }

    private static long consent(PreparedStatement insert, long last, long contact, Timestamp at, String state)
            throws SQLException {
        insert.setLong(1, last + 1);
        insert.setLong(2, contact);
        insert.setTimestamp(3, at);
        insert.setString(4, state);
        insert.addBatch();
        return last + 1;
    }

    private static String answers(Random random) {
        List<String> lines = new ArrayList<>(3);
        int budget = random.nextInt(5);
        if (budget < 2) {
            lines.add("budget=" + (budget == 0 ? "over-10k" : "under-10k"));
        }
        int timeline = random.nextInt(7);
        if (timeline < 2) {
            lines.add("timeline=" + (timeline == 0 ? "this-quarter" : "next-year"));
        }
        int role = random.nextInt(20);
        if (role < 5) {
            lines.add("role=" + (role == 0 ? "student" : "manager"));
        }
        return lines.isEmpty() ? null : String.join("\n", lines);
    }

    private static long interactions(PreparedStatement insert, long last, long contact, String type, String channel,
            int count, Timestamp at) throws SQLException {
        long id = last;
        for (int n = 0; n < count; n++) {
            insert.setLong(1, ++id);
            insert.setString(2, channel);
            insert.setLong(3, contact);
            insert.setTimestamp(4, at);
            insert.setTimestamp(5, at);
            insert.setString(6, type);
            insert.addBatch();
        }
        return id;
    }

    /** Leads whose score, grade or queue differ between the product's table and the baseline's: 0 when they agree. */
    static long disagreements(EmbeddedDataSource db) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM SALES_LEAD l JOIN BENCH_LEAD b ON l.ID = b.ID "
                        + "WHERE l.SCORED_AT IS NULL OR b.SCORED_AT IS NULL OR COALESCE(l.SCORE, -1) <> COALESCE(b.SCORE, -1) "
                        + "OR COALESCE(l.GRADE, '') <> COALESCE(b.GRADE, '') OR COALESCE(l.QUEUE, '') <> COALESCE(b.QUEUE, '')")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * Of the seeded objectors' leads in {@code leadTable}: how many are unscored (no score, no
     * grade, the unprofiled queue), how many decision rows of {@code decisionTable} are about them,
     * and how many blocks {@code blockTable} recorded for them.
     */
    static long[] objectorsLeftOut(EmbeddedDataSource db, String leadTable, String decisionTable, String blockTable)
            throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            return new long[] {
                count(s, "SELECT COUNT(*) FROM " + leadTable + " l JOIN BENCH_OBJECTOR o ON o.CONTACT_ID = l.CONTACT_ID "
                        + "WHERE l.SCORE IS NULL AND l.GRADE IS NULL AND l.QUEUE = '" + UNPROFILED_QUEUE + "'"),
                count(s, "SELECT COUNT(*) FROM BENCH_OBJECTOR o JOIN " + decisionTable + " d ON d.SUBJECT = o.SUBJECT"),
                count(s, "SELECT COUNT(DISTINCT b.CONTACT_ID) FROM " + blockTable + " b JOIN BENCH_OBJECTOR o "
                        + "ON o.CONTACT_ID = b.CONTACT_ID WHERE b.PURPOSE = '" + PROFILING + "'"),
                count(s, "SELECT COUNT(*) FROM " + blockTable)};
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The decision rows of a ledger table by rule and attributes. */
    static Map<String, Long> ledger(EmbeddedDataSource db, String table) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT RULE_NAME, ATTRIBUTES, COUNT(*) FROM " + table
                        + " WHERE PACKAGE_NAME = 'sales' GROUP BY RULE_NAME, ATTRIBUTES")) {
            while (rows.next()) {
                counts.put(rows.getString(1) + " " + rows.getString(2), rows.getLong(3));
            }
        }
        return counts;
    }
}
