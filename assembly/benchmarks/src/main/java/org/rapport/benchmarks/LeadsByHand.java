package org.rapport.benchmarks;

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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.apache.derby.jdbc.EmbeddedDataSource;

/**
 * The re-scoring part of {@link SalesRescoringBenchmark} done by hand: open leads and their
 * contacts' web visits and opened emails seeded in JDBC batches, the shipped {@code rules/sales}
 * ({@code scoring.drl}, {@code routing.drl}) hand-coded, and the baseline: one read of the activity,
 * one JDBC scan of the leads, batch updates and decision rows written as the product writes them.
 */
final class LeadsByHand {

    static final String VISIT = "visit";
    static final String EMAIL_OPENED = "email-opened";
    static final int ACTIVITY_DAYS = 90;
    private static final int JDBC_BATCH = 1000;
    private static final long FIRST_CONTACT = 50_000_000L;
    private static final Set<String> FREE_MAIL = Set.of("gmail.com", "googlemail.com", "yahoo.com", "hotmail.com",
            "outlook.com", "live.com", "icloud.com", "gmx.net", "aol.com");
    private static final String[] SOURCES = {"web-form", "web-form", "web-form", "web-form", "referral", "event", "event",
        "import", "import", "import"};
    private static final String LEDGER_COLUMNS = "(SUBJECT, DECISION_TYPE, ATTRIBUTES, RULE_NAME, PACKAGE_NAME, "
            + "RELEASE_VERSION, FACTS, DECIDED_AT) VALUES (?, ?, ?, ?, 'sales', ?, ?, ?)";

    private LeadsByHand() {
    }

    /** What the hand-coded rules make of a lead: the rules that gave points, the score, grade and queue. */
    record Outcome(List<String> scoring, List<Integer> points, int score, String grade, String queue) {
    }

    /**
     * {@code leads} open and qualified leads, a quarter of them linked to a contact with web visits
     * and opened emails (some older than the activity window). Four in five carry the score, grade
     * and queue the shipped rules give; one in ten was never scored and one in ten carries a score
     * 10 points too high: those are the leads a re-scoring changes.
     *
     * @return how many leads a re-scoring changes
     */
    static int seed(EmbeddedDataSource db, int leads, Instant now, Random random) throws SQLException {
        Timestamp created = ReevaluationByHand.utc(now.minus(200, ChronoUnit.DAYS));
        Timestamp recent = ReevaluationByHand.utc(now.minus(10, ChronoUnit.DAYS));
        Timestamp old = ReevaluationByHand.utc(now.minus(ACTIVITY_DAYS + 60, ChronoUnit.DAYS));
        int stale = 0;
        long interaction = 0;
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement lead = c.prepareStatement("INSERT INTO SALES_LEAD (ID, NAME, EMAIL, EMAIL_KEY, PHONE, "
                    + "COMPANY, SOURCE, ANSWERS, STATUS, SCORE, GRADE, QUEUE, OWNER_GIVEN, CONTACT_ID, CREATED_BY, "
                    + "CREATED_AT, UPDATED_AT, SCORED_AT) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 'benchmark', ?, ?, ?)");
                    PreparedStatement activity = c.prepareStatement("INSERT INTO INTERACTION (ID, CHANNEL, CONTACT_ID, "
                            + "DIRECTION, OCCURRED_AT, RECORDED_AT, SOURCE, TYPE) VALUES (?, ?, ?, 'INBOUND', ?, ?, 'benchmark', ?)")) {
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
                    if (contact != null) {
                        visits = random.nextInt(5);
                        opened = random.nextInt(4);
                        interaction = interactions(activity, interaction, contact, VISIT, "WEB", visits, recent);
                        interaction = interactions(activity, interaction, contact, EMAIL_OPENED, "EMAIL", opened, recent);
                        interaction = interactions(activity, interaction, contact, VISIT, "WEB", 1, old);
                    }
                    Outcome outcome = decide(source, domain, company, phone, visits, opened, answers);
                    int state = random.nextInt(10);
                    Integer score = state == 0 ? null : state == 1 ? outcome.score() + 10 : outcome.score();
                    stale += state < 2 ? 1 : 0;
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
                        c.commit();
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("UPDATE RAPPORT_ID SET NEXT_ID = " + (leads + 1) + " WHERE NAME = 'SALES_LEAD'");
                s.execute("UPDATE RAPPORT_ID SET NEXT_ID = " + (interaction + 1) + " WHERE NAME = 'INTERACTION'");
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
                for (String table : List.of("SALES_LEAD", "BENCH_LEAD", "INTERACTION")) {
                    s.execute("CALL SYSCS_UTIL.SYSCS_UPDATE_STATISTICS('APP', '" + table + "', NULL)");
                }
            }
            c.commit();
        }
        return stale;
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

    /** The shipped {@code scoring.drl} and {@code routing.drl}, hand-coded. */
    static Outcome decide(String source, String domain, boolean company, boolean phone, int visits, int opened,
            String answers) {
        List<String> rules = new ArrayList<>(6);
        List<Integer> points = new ArrayList<>(6);
        if (domain != null && !FREE_MAIL.contains(domain)) {
            give(rules, points, "SCORE-001 A business email address earns 10 points", 10);
        }
        if (company) {
            give(rules, points, "SCORE-002 A lead naming its company earns 10 points", 10);
        }
        if (phone) {
            give(rules, points, "SCORE-003 A lead leaving a phone number earns 5 points", 5);
        }
        switch (source) {
            case "referral" -> give(rules, points, "SCORE-010 A referral earns 25 points", 25);
            case "event" -> give(rules, points, "SCORE-011 A lead met at an event earns 15 points", 15);
            case "web-form" -> give(rules, points, "SCORE-012 A lead from the website's forms earns 10 points", 10);
            default -> {
            }
        }
        if (answers != null) {
            for (String line : answers.split("\n")) {
                switch (line.toLowerCase(Locale.ROOT)) {
                    case "budget=over-10k" -> give(rules, points, "SCORE-020 A budget over 10,000 earns 20 points", 20);
                    case "timeline=this-quarter" -> give(rules, points, "SCORE-021 Buying this quarter earns 20 points", 20);
                    case "role=student" -> give(rules, points, "SCORE-022 A student takes 30 points off", -30);
                    default -> {
                    }
                }
            }
        }
        if (visits >= 3) {
            give(rules, points, "SCORE-030 Three web visits or more in 90 days earn 10 points", 10);
        }
        if (opened >= 2) {
            give(rules, points, "SCORE-031 Two opened emails or more in 90 days earn 10 points", 10);
        }
        int score = Math.max(0, points.stream().mapToInt(Integer::intValue).sum());
        return new Outcome(rules, points, score, grade(score), queue(score, source));
    }

    private static void give(List<String> rules, List<Integer> points, String rule, int value) {
        rules.add(rule);
        points.add(value);
    }

    static String grade(int score) {
        return score >= 60 ? "A" : score >= 35 ? "B" : score >= 15 ? "C" : "D";
    }

    static String queue(int score, String source) {
        return "referral".equals(source) ? "partners" : score >= 60 ? "closers" : "inside-sales";
    }

    private static String gradeRule(String grade) {
        return switch (grade) {
            case "A" -> "GRADE-A A from 60 points";
            case "B" -> "GRADE-B B from 35 points";
            case "C" -> "GRADE-C C from 15 points";
            default -> "GRADE-D D below 15 points";
        };
    }

    private static String routeRule(String queue) {
        return switch (queue) {
            case "partners" -> "ROUTE-002 Referrals go to the partner team";
            case "closers" -> "ROUTE-001 Leads from 60 points go to the closers";
            default -> "ROUTE-003 Other leads go to inside sales";
        };
    }

    /**
     * The baseline: the activity of every contact read once, every open and qualified lead read in one
     * scan and scored by the hand-coded rules, each lead's scoring time written (and score, grade and
     * queue where they change, with the decisions about those leads and the facts they were made on,
     * as the product's ledger keeps them), in JDBC batches committed every 1,000 leads.
     *
     * @return how many leads changed
     */
    static int baseline(EmbeddedDataSource db, Instant now, long release) throws SQLException {
        Timestamp at = ReevaluationByHand.utc(now);
        Timestamp since = ReevaluationByHand.utc(now.minus(ACTIVITY_DAYS, ChronoUnit.DAYS));
        int changes = 0;
        try (Connection read = db.getConnection(); Connection write = db.getConnection()) {
            read.setAutoCommit(false);
            write.setAutoCommit(false);
            Map<Long, Integer> visits = activity(read, VISIT, since);
            Map<Long, Integer> opened = activity(read, EMAIL_OPENED, since);
            try (PreparedStatement scan = read.prepareStatement("SELECT ID, SOURCE, EMAIL_KEY, PHONE, COMPANY, ANSWERS, "
                    + "CONTACT_ID, SCORE, GRADE, QUEUE FROM BENCH_LEAD WHERE STATUS IN ('OPEN', 'QUALIFIED')");
                    PreparedStatement scored = write.prepareStatement("UPDATE BENCH_LEAD SET SCORED_AT = ? WHERE ID = ?");
                    PreparedStatement update = write.prepareStatement("UPDATE BENCH_LEAD SET SCORE = ?, GRADE = ?, "
                            + "QUEUE = ?, SCORED_AT = ?, UPDATED_AT = ? WHERE ID = ?");
                    PreparedStatement ledger = write.prepareStatement("INSERT INTO BENCH_DECISION " + LEDGER_COLUMNS)) {
                scan.setFetchSize(JDBC_BATCH);
                int pending = 0;
                try (ResultSet rows = scan.executeQuery()) {
                    while (rows.next()) {
                        long id = rows.getLong(1);
                        String source = rows.getString(2);
                        String email = rows.getString(3);
                        String domain = email == null ? null : email.substring(email.indexOf('@') + 1);
                        boolean phone = rows.getString(4) != null;
                        boolean company = rows.getString(5) != null;
                        String answers = rows.getString(6);
                        long contact = rows.getLong(7);
                        boolean linked = !rows.wasNull();
                        int v = linked ? visits.getOrDefault(contact, 0) : 0;
                        int o = linked ? opened.getOrDefault(contact, 0) : 0;
                        int score = rows.getInt(8);
                        boolean unscored = rows.wasNull();
                        Outcome outcome = decide(source, domain, company, phone, v, o, answers);
                        if (!unscored && score == outcome.score() && outcome.grade().equals(rows.getString(9))
                                && outcome.queue().equals(rows.getString(10))) {
                            scored.setTimestamp(1, at);
                            scored.setLong(2, id);
                            scored.addBatch();
                        } else {
                            update.setInt(1, outcome.score());
                            update.setString(2, outcome.grade());
                            update.setString(3, outcome.queue());
                            update.setTimestamp(4, at);
                            update.setTimestamp(5, at);
                            update.setLong(6, id);
                            update.addBatch();
                            record(ledger, id, source, domain, company, phone, v, o, answers, outcome, release, at);
                            changes++;
                        }
                        if (++pending == JDBC_BATCH) {
                            scored.executeBatch();
                            update.executeBatch();
                            ledger.executeBatch();
                            write.commit();
                            pending = 0;
                        }
                    }
                }
                scored.executeBatch();
                update.executeBatch();
                ledger.executeBatch();
                write.commit();
                read.commit();
            }
        }
        return changes;
    }

    private static Map<Long, Integer> activity(Connection c, String type, Timestamp since) throws SQLException {
        Map<Long, Integer> counts = new HashMap<>();
        try (PreparedStatement totals = c.prepareStatement("SELECT CONTACT_ID, COUNT(*) FROM INTERACTION WHERE TYPE = ? "
                + "AND OCCURRED_AT >= ? GROUP BY CONTACT_ID")) {
            totals.setString(1, type);
            totals.setTimestamp(2, since);
            try (ResultSet rows = totals.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getLong(1), rows.getInt(2));
                }
            }
        }
        return counts;
    }

    /** The decisions about a changed lead, with the facts they were made on, as the product's ledger rows. */
    private static void record(PreparedStatement ledger, long id, String source, String domain, boolean company,
            boolean phone, int visits, int opened, String answers, Outcome outcome, long release, Timestamp at)
            throws SQLException {
        String subject = "lead:" + id;
        String profile = "LeadProfile[lead " + id + ", source " + source + ", email domain " + domain + ", company "
                + company + ", phone " + phone + ", " + visits + " visits, " + opened + " emails opened, answers {"
                + (answers == null ? "" : answers.replace("\n", ", ")) + "}]";
        for (int r = 0; r < outcome.scoring().size(); r++) {
            decision(ledger, subject, "sales.score", "{\"points\":\"" + outcome.points().get(r) + "\"}",
                    outcome.scoring().get(r), release, profile, at);
        }
        String score = "LeadScore[lead " + id + ", score " + outcome.score() + ", source " + source + "]";
        decision(ledger, subject, "sales.grade", "{\"grade\":\"" + outcome.grade() + "\"}", gradeRule(outcome.grade()),
                release, score, at);
        decision(ledger, subject, "sales.route", "{\"queue\":\"" + outcome.queue() + "\"}", routeRule(outcome.queue()),
                release, score, at);
    }

    private static void decision(PreparedStatement ledger, String subject, String type, String attributes, String rule,
            long release, String facts, Timestamp at) throws SQLException {
        ledger.setString(1, subject);
        ledger.setString(2, type);
        ledger.setString(3, attributes);
        ledger.setString(4, rule);
        ledger.setLong(5, release);
        ledger.setString(6, facts);
        ledger.setTimestamp(7, at);
        ledger.addBatch();
    }

    /** Leads whose score, grade or queue differ between the product's table and the baseline's: 0 when they agree. */
    static long disagreements(EmbeddedDataSource db) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM SALES_LEAD l JOIN BENCH_LEAD b ON l.ID = b.ID "
                        + "WHERE l.SCORE IS NULL OR b.SCORE IS NULL OR l.SCORED_AT IS NULL OR b.SCORED_AT IS NULL "
                        + "OR l.SCORE <> b.SCORE OR l.GRADE <> b.GRADE OR l.QUEUE <> b.QUEUE")) {
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
