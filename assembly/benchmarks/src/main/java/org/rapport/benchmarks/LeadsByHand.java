package org.rapport.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
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
 * The re-scoring part of {@link SalesRescoringBenchmark} done by hand: the shipped
 * {@code rules/sales} ({@code scoring.drl}, {@code routing.drl}) hand-coded, and the baseline: one read of the activity and of the objections, one JDBC scan of the leads, batch
 * updates, decision rows and consent blocks written as the product writes them.
 */
final class LeadsByHand {

    static final String VISIT = "visit";
    static final String EMAIL_OPENED = "email-opened";
    static final int ACTIVITY_DAYS = 90;
    private static final int JDBC_BATCH = 1000;
    private static final Set<String> FREE_MAIL = Set.of("gmail.com", "googlemail.com", "yahoo.com", "hotmail.com",
            "outlook.com", "live.com", "icloud.com", "gmx.net", "aol.com");
    static final String PROFILING = "profiling";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");
    /** The queue of a lead whose contact objected to profiling, as shipped ({@code unprofiledQueue}). */
    static final String UNPROFILED_QUEUE = "inside-sales";
    private static final String LEDGER_COLUMNS = "(SUBJECT, DECISION_TYPE, ATTRIBUTES, RULE_NAME, PACKAGE_NAME, "
            + "RELEASE_VERSION, FACTS, DECIDED_AT) VALUES (?, ?, ?, ?, 'sales', ?, ?, ?)";

    private LeadsByHand() {
    }

    /** What the hand-coded rules make of a lead: the rules that gave points, the score, grade and queue. */
    record Outcome(List<String> scoring, List<Integer> points, int score, String grade, String queue) {
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
     * The baseline: the activity of every contact and the contacts who objected to profiling read
     * once (in SQL: those whose newest {@code profiling} record for every channel is a withdrawal,
     * as the consent gate decides on legitimate interests), every open and qualified lead read in
     * one scan and scored by the hand-coded rules, each lead's scoring time written (and score,
     * grade and queue where they change, with the decisions about those leads and the facts they
     * were made on, as the product's ledger keeps them), in JDBC batches committed every 1,000
     * leads. A lead whose contact objected is not scored: it loses its score and grade, goes to the
     * unprofiled queue, and the block is recorded with its reason, as the gate records it.
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
            Map<Long, String> objected = objections(read);
            try (PreparedStatement scan = read.prepareStatement("SELECT ID, SOURCE, EMAIL_KEY, PHONE, COMPANY, ANSWERS, "
                    + "CONTACT_ID, SCORE, GRADE, QUEUE FROM BENCH_LEAD WHERE STATUS IN ('OPEN', 'QUALIFIED')");
                    PreparedStatement scored = write.prepareStatement("UPDATE BENCH_LEAD SET SCORED_AT = ? WHERE ID = ?");
                    PreparedStatement update = write.prepareStatement("UPDATE BENCH_LEAD SET SCORE = ?, GRADE = ?, "
                            + "QUEUE = ?, SCORED_AT = ?, UPDATED_AT = ? WHERE ID = ?");
                    PreparedStatement ledger = write.prepareStatement("INSERT INTO BENCH_DECISION " + LEDGER_COLUMNS);
                    PreparedStatement block = write.prepareStatement("INSERT INTO BENCH_CONSENT_BLOCK (ACTION, "
                            + "BLOCKED_AT, CONTACT_ID, PURPOSE, REASON, REQUESTER) VALUES ('lead scoring', ?, ?, '"
                            + PROFILING + "', ?, 'sales.rescoring baseline')")) {
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
                        int score = rows.getInt(8);
                        boolean unscored = rows.wasNull();
                        String objection = linked ? objected.get(contact) : null;
                        if (objection != null) {
                            block.setTimestamp(1, at);
                            block.setLong(2, contact);
                            block.setString(3, objection);
                            block.addBatch();
                            update.setNull(1, Types.INTEGER);
                            update.setNull(2, Types.VARCHAR);
                            update.setString(3, UNPROFILED_QUEUE);
                            update.setTimestamp(4, at);
                            update.setTimestamp(5, at);
                            update.setLong(6, id);
                            update.addBatch();
                            changes += unscored && rows.getString(9) == null && UNPROFILED_QUEUE.equals(rows.getString(10))
                                    ? 0 : 1;
                        } else {
                            int v = linked ? visits.getOrDefault(contact, 0) : 0;
                            int o = linked ? opened.getOrDefault(contact, 0) : 0;
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
                        }
                        if (++pending == JDBC_BATCH) {
                            scored.executeBatch();
                            update.executeBatch();
                            ledger.executeBatch();
                            block.executeBatch();
                            write.commit();
                            pending = 0;
                        }
                    }
                }
                scored.executeBatch();
                update.executeBatch();
                ledger.executeBatch();
                block.executeBatch();
                write.commit();
                read.commit();
            }
        }
        return changes;
    }

    /**
     * The contacts who objected to profiling, with the reason the gate gives: those whose newest
     * {@code profiling} record for every channel is a withdrawal.
     */
    private static Map<Long, String> objections(Connection c) throws SQLException {
        Map<Long, String> objected = new HashMap<>();
        try (PreparedStatement newest = c.prepareStatement("SELECT c.CONTACT_ID, c.RECORDED_AT, c.SOURCE "
                + "FROM PRIVACY_CONSENT c WHERE c.PURPOSE = ? AND c.CHANNEL IS NULL AND c.STATE = 'WITHDRAWN' "
                + "AND NOT EXISTS (SELECT 1 FROM PRIVACY_CONSENT n WHERE n.CONTACT_ID = c.CONTACT_ID "
                + "AND n.PURPOSE = c.PURPOSE AND n.CHANNEL IS NULL AND (n.RECORDED_AT > c.RECORDED_AT "
                + "OR n.RECORDED_AT = c.RECORDED_AT AND n.ID > c.ID))")) {
            newest.setString(1, PROFILING);
            try (ResultSet rows = newest.executeQuery()) {
                while (rows.next()) {
                    objected.put(rows.getLong(1), "objected to " + PROFILING + " on "
                            + DAY.format(rows.getTimestamp(2).toLocalDateTime()) + " (" + rows.getString(3) + ")");
                }
            }
        }
        return objected;
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
}
