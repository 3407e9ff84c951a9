package org.rapport.benchmarks;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.rapport.testing.ServerNode;

/**
 * A campaign in the started distribution (embedded Derby on disk), delivered to a local SMTP
 * server run by the benchmark ({@link SmtpSink}: loopback, every message read to the end of its
 * data and counted), against raw Jakarta Mail sending as many messages of the same shape to the
 * same sink from as many threads as the product's delivery uses.
 *
 * <p>{@code rapport.bench.recipients} contacts (default 1,000,000), each with an email address, a
 * first name, the tag {@code bench} and marketing consent on email, are seeded offline into the
 * stopped distribution's own tables ({@code CONTACT}, {@code CONTACT_TAG}, {@code PRIVACY_CONSENT}).
 * The server is started with its email channel pointed at the sink; an analyst (a user made by the
 * administrator) defines over REST a text template with the first name and the unsubscribe link,
 * a segment {@code tag:bench} and a campaign to it at the highest rate an administrator can allow
 * (600,000 messages a minute, set as {@code maxRatePerMinute}), so that the rate does not bound
 * what is measured, and launches it: the consent gate, the {@code campaigns} rules' caps, the
 * template rendered per recipient, the messages queued and handed to SMTP by the dispatcher.
 * Measured: messages accepted by the sink per second from the launch to the last.
 *
 * <p>The baseline: {@link #THREADS} threads (the communication capability's senders, as shipped)
 * of plain Jakarta Mail (the {@code jakarta.mail} API with the Angus implementation, as the
 * product embeds), each keeping one SMTP connection open, sending the same number of messages
 * rendered the same way (subject and text with the first name, an unsubscribe link of the same
 * length, {@code List-Unsubscribe}, {@code List-Unsubscribe-Post} and {@code X-Rapport-Message}) to
 * the same sink. Both sides must reach the sink with exactly N messages; the average size of a
 * message's data is printed for each. Goal: the campaign at least half the baseline's rate.
 */
public final class CampaignBenchmark {

    private static final int RECIPIENTS_DEFAULT = 1_000_000;
    private static final int JDBC_BATCH = 1000;
    private static final long FIRST_CONTACT = 10_000_000L;
    /** The communication capability's senders ({@code senders} as shipped): the baseline's threads. */
    private static final int THREADS = 2;
    /** The most messages a minute an administrator can allow ({@code maxRatePerMinute}), the campaign's rate. */
    private static final int RATE_PER_MINUTE = 600_000;
    private static final String TAG = "bench";
    private static final String FROM = "news@bench.example";
    private static final String PUBLIC_URL = "http://127.0.0.1:8181";
    private static final String SUBJECT = "Our spring offer, {{firstName}}";
    /** About 1 KB of text, as a short newsletter. */
    private static final String FILLER = ("Spring is here, and so are new things in our shop: fresh colours, light fabrics "
            + "and everything for long evenings outside.\n").repeat(8);
    private static final String BODY = "Hello {{firstName}},\n\n" + FILLER + "\nStop these mails: {{var.unsubscribeUrl}}\n";

    private CampaignBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int recipients = Integer.getInteger("rapport.bench.recipients", RECIPIENTS_DEFAULT);
        try (SmtpSink sink = new SmtpSink();
                SeededServer server = SeededServer.prepare("campaigns", "2g", Map.of(
                        "org.rapport.channel.email.cfg", "host = 127.0.0.1\nport = " + sink.port() + "\nfrom = " + FROM
                                + "\nsecurity = none",
                        "org.rapport.campaigns.cfg", "publicUrl = " + PUBLIC_URL + "\nloopbackHttp = true"
                                + "\nmaxRatePerMinute = " + RATE_PER_MINUTE),
                        "/contacts", "/privacy/holds", "/campaigns")) {
            System.out.printf(Locale.ROOT, "Rapport campaign benchmark: %,d recipients, the distribution in %s, %d cores, "
                    + "Java %s (load average %.1f)%n%n", recipients, server.home(), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"), SeededServer.load());
            SeededServer.timed("Seeding contacts, tags and consents", () -> {
                seed(server.database(), recipients, Instant.now());
                return null;
            });
            server.start();
            ServerNode node = server.node;
            String analyst = Distribution.analyst(node);
            Distribution.expect(200, node.call("PUT", "/messages/templates/spring/en", json(Map.of("subject", SUBJECT,
                    "body", BODY)), "Authorization", analyst), "the template");
            ServerNode.Reply segment = node.call("PUT", "/segments/" + TAG, "{\"condition\": \"tag:" + TAG + "\"}",
                    "Authorization", analyst);
            if (segment.status() != 200 && segment.status() != 201) {
                throw new IllegalStateException("the segment: " + segment.status() + " " + segment.body());
            }
            ServerNode.Reply defined = Distribution.expect(201, node.call("POST", "/campaigns", "{\"name\": \"spring\", "
                    + "\"segment\": \"" + TAG + "\", \"purpose\": \"marketing\", \"channel\": \"email\", "
                    + "\"variants\": [{\"template\": \"spring\", \"share\": 1}], \"ratePerMinute\": " + RATE_PER_MINUTE + "}",
                    "Authorization", analyst), "the campaign");
            long id = defined.json().get("id").asLong();

            sink.clear();
            long launchedAt = System.nanoTime();
            ServerNode.Reply launched = Distribution.expect(200, node.call("POST", "/campaigns/" + id + "/launch", null,
                    "Authorization", analyst), "the launch");
            if (launched.json().get("recipients").asInt() != recipients) {
                throw new IllegalStateException("launched to " + launched.body() + ", not " + recipients);
            }
            // The campaign sends at most RATE_PER_MINUTE a minute: waited for that long and ten minutes more.
            await(sink, recipients, Duration.ofMinutes(10 + recipients / RATE_PER_MINUTE));
            double campaignSeconds = (sink.lastAt() - launchedAt) / 1e9;
            long campaignBytes = sink.bytes();
            String sample = sink.first();
            Thread.sleep(5000);
            if (sink.accepted() != recipients) {
                throw new IllegalStateException("the sink accepted " + sink.accepted() + " campaign messages, not " + recipients);
            }
            JsonNode figures = node.call("GET", "/campaigns/" + id + "/figures", null, "Authorization", analyst).json()
                    .get("total");
            double campaignRate = recipients / campaignSeconds;
            System.out.printf(Locale.ROOT, "campaign: %,d messages handed to SMTP in %.1f s from the launch: %,.0f messages/s "
                    + "(%,d bytes a message; the figures' sent so far, settled from the messages' events: %d) "
                    + "(load average %.1f)%n", recipients, campaignSeconds,
                    campaignRate, campaignBytes / recipients, figures.path("sent").asLong(), SeededServer.load());
            System.out.println("a campaign message as the sink received it:\n" + sample.lines().limit(14)
                    .reduce((a, b) -> a + "\n" + b).orElse("") + "\n...");
            server.stop();

            sink.clear();
            long baselineStart = System.nanoTime();
            rawJakartaMail(sink.port(), recipients);
            await(sink, recipients, Duration.ofMinutes(30));
            double baselineSeconds = (sink.lastAt() - baselineStart) / 1e9;
            double baselineRate = recipients / baselineSeconds;
            if (sink.accepted() != recipients) {
                throw new IllegalStateException("the sink accepted " + sink.accepted() + " baseline messages, not " + recipients);
            }
            System.out.printf(Locale.ROOT, "baseline: %,d messages by raw Jakarta Mail from %d thread(s), one connection each, "
                    + "in %.1f s: %,.0f messages/s (%,d bytes a message) (load average %.1f)%n%n", recipients, THREADS,
                    baselineSeconds, baselineRate, sink.bytes() / recipients, SeededServer.load());
            System.out.printf(Locale.ROOT, "Campaign to %,d recipients%n  product    %,10.0f messages/s (launch to the last "
                    + "accepted by SMTP; the campaign's rate %,d a minute)%n  raw        %,10.0f messages/s (Jakarta Mail, %d "
                    + "thread(s))%n  ratio      %.3f of raw; goal at least 0.5: %s%n", recipients, campaignRate,
                    RATE_PER_MINUTE, baselineRate, THREADS, campaignRate / baselineRate,
                    campaignRate / baselineRate >= 0.5 ? "met" : "not met");
        }
    }

    /**
     * Seeds {@code recipients} contacts ({@code person<i>@bench.example}, first name {@code First<i>},
     * language {@code en}), each tagged {@code bench} and with marketing consent granted on email,
     * in the tables the product created, in JDBC batches.
     */
    /** A fixed-offset zone ({@code Etc/GMT-5} is five hours ahead of UTC) where it is about midday at {@code now}. */
    static String middayZone(Instant now) {
        int ahead = Math.floorMod(12 - now.atZone(java.time.ZoneOffset.UTC).getHour() + 12, 24) - 12;
        return ahead == 0 ? "Etc/GMT" : "Etc/GMT" + (ahead > 0 ? "-" : "+") + Math.abs(ahead);
    }

    static void seed(DataSource db, int recipients, Instant now) throws SQLException {
        Timestamp at = ReevaluationByHand.utc(now.minus(Duration.ofDays(30)));
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            // The contacts live where it is midday now: the shipped quiet hours (21:00 to 08:00 in the
            // contact's time zone) would otherwise defer every message of a run in the evening.
            try (PreparedStatement contact = c.prepareStatement("INSERT INTO CONTACT (ID, CREATED_AT, EMAIL, FIRST_KEY, "
                    + "FIRST_NAME, LANGUAGE, UPDATED_AT, TIME_ZONE) VALUES (?, ?, ?, ?, ?, 'en', ?, '" + middayZone(now)
                    + "')");
                    PreparedStatement tag = c.prepareStatement("INSERT INTO CONTACT_TAG (CONTACT_ID, TAG) VALUES (?, '" + TAG
                            + "')");
                    PreparedStatement consent = c.prepareStatement("INSERT INTO PRIVACY_CONSENT (ID, ACTOR, BASIS, CHANNEL, "
                            + "CONTACT_ID, PURPOSE, RECORDED_AT, SOURCE, STATE) VALUES (?, 'benchmark', 'CONSENT', 'EMAIL', ?, "
                            + "'marketing', ?, 'sign-up form', 'GRANTED')")) {
                for (int i = 1; i <= recipients; i++) {
                    long id = FIRST_CONTACT + i;
                    contact.setLong(1, id);
                    contact.setTimestamp(2, at);
                    contact.setString(3, "person" + i + "@bench.example");
                    contact.setString(4, "first" + i);
                    contact.setString(5, "First" + i);
                    contact.setTimestamp(6, at);
                    contact.addBatch();
                    tag.setLong(1, id);
                    tag.addBatch();
                    consent.setLong(1, i);
                    consent.setLong(2, id);
                    consent.setTimestamp(3, at);
                    consent.addBatch();
                    if (i % JDBC_BATCH == 0 || i == recipients) {
                        SeededServer.commitBatches(c, contact, tag, consent);
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("UPDATE RAPPORT_ID SET NEXT_ID = " + (FIRST_CONTACT + recipients + 1) + " WHERE NAME = 'CONTACT'");
                s.execute("UPDATE RAPPORT_ID SET NEXT_ID = " + (recipients + 1) + " WHERE NAME = 'PRIVACY_CONSENT'");
            }
            c.commit();
        }
    }

    /**
     * The baseline: {@code recipients} messages rendered as the template renders them (the first name
     * in subject and text, an unsubscribe link of the product's shape), each with the one-click header
     * fields, sent by plain Jakarta Mail from {@link #THREADS} threads, each on one open connection.
     */
    static void rawJakartaMail(int port, int recipients) throws Exception {
        Properties p = new Properties();
        p.put("mail.transport.protocol", "smtp");
        p.put("mail.smtp.host", "127.0.0.1");
        p.put("mail.smtp.port", Integer.toString(port));
        Session session = Session.getInstance(p);
        InternetAddress from = new InternetAddress(FROM);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> sent = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            sent.add(threads.submit(() -> {
                try (Transport transport = session.getTransport()) {
                    transport.connect();
                    for (int i = 1 + thread; i <= recipients; i += THREADS) {
                        String name = "First" + i;
                        // <publicUrl>/api/v1/unsubscribe/<recipient>-<43 characters>, as LinkTokens signs it.
                        String link = PUBLIC_URL + "/api/v1/unsubscribe/" + i + "-" + token(i);
                        MimeMessage mime = new MimeMessage(session);
                        mime.setFrom(from);
                        InternetAddress to = new InternetAddress("person" + i + "@bench.example");
                        mime.setRecipient(Message.RecipientType.TO, to);
                        mime.setSubject(SUBJECT.replace("{{firstName}}", name), "UTF-8");
                        mime.setText(BODY.replace("{{firstName}}", name).replace("{{var.unsubscribeUrl}}", link), "UTF-8");
                        mime.setSentDate(new java.util.Date());
                        mime.setHeader("X-Rapport-Message", Integer.toString(i));
                        mime.setHeader("List-Unsubscribe", "<" + link + ">");
                        mime.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
                        mime.setHeader("Content-Language", "en");
                        mime.saveChanges();
                        transport.sendMessage(mime, new InternetAddress[] {to});
                    }
                }
                return null;
            }));
        }
        for (Future<?> done : sent) {
            done.get();
        }
        threads.shutdown();
    }

    /** 43 URL-safe characters, as long as a signed token's signature. */
    private static String token(int i) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(java.nio.ByteBuffer.allocate(32).putInt(i).array());
    }

    private static void await(SmtpSink sink, int count, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (sink.accepted() < count) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the sink accepted " + sink.accepted() + " of " + count + " in " + timeout);
            }
            Thread.sleep(100);
        }
    }

    private static String json(Object value) {
        return ServerNode.JSON.valueToTree(value).toString();
    }
}
