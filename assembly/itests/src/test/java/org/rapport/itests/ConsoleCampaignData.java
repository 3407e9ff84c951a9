package org.rapport.itests;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.rapport.testing.ServerNode;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The campaigns {@link ConsoleIT}'s browser tests compose, seeded over REST: a segment of five
 * customers (two who consented to marketing by email, one who withdrew, one never asked, one who
 * consented and complained, whom the frequency caps hold back), two templates (one in two
 * languages) and the analyst's own contact, named as theirs for tests. The distribution's mail goes
 * to an SMTP server in the test ({@link SmtpSink}); what REST says is stored is what the console
 * must show.
 */
final class ConsoleCampaignData {

    static final String SEGMENT = "spring-console";
    static final String TEMPLATE_A = "spring-console-a";
    static final String TEMPLATE_B = "spring-console-b";
    /** The analyst's own address, where tests go. */
    static final String OWN_ADDRESS = "sam@rapport.example";
    static final List<String> CONSENTED = List.of("ida@example.com", "joan@example.com");

    private static SmtpSink smtp;
    private final ServerNode server;
    private final String analyst;

    /**
     * The settings of the distribution's etc files: mail to the SMTP server in the test, the https
     * address campaign links start with, and the campaigns' local time about noon, outside the
     * rules' quiet hours, whenever the test runs.
     */
    static Map<String, String> etc() throws IOException {
        smtp = new SmtpSink(0);
        int toNoon = Math.floorMod(12 - OffsetDateTime.now(ZoneOffset.UTC).getHour(), 24);
        String zone = ZoneOffset.ofHours(toNoon > 11 ? toNoon - 24 : toNoon).getId();
        return Map.of("org.rapport.channel.email.cfg", "host = 127.0.0.1\nport = " + smtp.port(),
                "org.rapport.campaigns.cfg", "publicUrl = https://crm.console.example\ntimeZone = " + zone,
                "org.rapport.inbound.webhook-sms.cfg", "name = sms\nsecret = " + RapportTestSupport.INBOUND_SECRET);
    }

    static SmtpSink smtp() {
        return smtp;
    }

    static void close() throws IOException {
        if (smtp != null) {
            smtp.close();
        }
    }

    private ConsoleCampaignData(ServerNode server, String analyst, String password) throws IOException {
        this.server = server;
        this.analyst = "Basic " + Base64.getEncoder().encodeToString((analyst + ":" + password).getBytes(StandardCharsets.UTF_8));
        long own = contact("Sam", "Analyst", OWN_ADDRESS, null);
        consent(own, "granted");
        consent(contact("Ida", "Spring", CONSENTED.get(0), SEGMENT), "granted");
        consent(contact("Joan", "Spring", CONSENTED.get(1), SEGMENT), "granted");
        consent(contact("Kit", "Spring", "kit@example.com", SEGMENT), "withdrawn");
        contact("Lou", "Spring", "lou@example.com", SEGMENT);
        long complainer = contact("Max", "Spring", "max@example.com", SEGMENT);
        consent(complainer, "granted");
        ok(server.admin("POST", "/contacts/" + complainer + "/interactions", "{\"channel\": \"phone\", "
                + "\"direction\": \"inbound\", \"type\": \"complaint\", \"summary\": \"Parcel never came\"}"));
        template(TEMPLATE_A, "en", "Spring is here, {{firstName}}");
        template(TEMPLATE_A, "fr", "Le printemps est là, {{firstName}}");
        template(TEMPLATE_B, "en", "Twenty percent off this spring, {{firstName}}");
        ok(analyst("PUT", "/segments/" + SEGMENT, "{\"description\": \"spring customers\", \"condition\": \"tag:" + SEGMENT + "\"}"));
        await("the segment holds its five customers", () -> analyst("GET", "/segments/" + SEGMENT, null).json()
                .get("members").asInt() == 5);
        // The administrator names the analyst's own contact as theirs for tests (the etc file is watched).
        Path cfg = server.home.resolve("etc/org.rapport.campaigns.cfg");
        long updates = logLines("Updating configuration {org.rapport.campaigns}");
        Files.writeString(cfg, Files.readString(cfg).replaceAll("(?m)^testContacts\\s*=.*$", "")
                + "\ntestContacts = " + analyst + "=" + own + "\n");
        // The settings are taken up live: every REST path stays served meanwhile (LiveSettingsIT).
        await("the campaigns' settings taken up", () -> logLines("Updating configuration {org.rapport.campaigns}") > updates);
    }

    /** How many lines of the node's log contain {@code text}. */
    private long logLines(String text) {
        try (var lines = Files.lines(server.home.resolve("data/log/karaf.log"), StandardCharsets.ISO_8859_1)) {
            return lines.filter(line -> line.contains(text)).count();
        } catch (IOException | java.io.UncheckedIOException e) {
            return -1;
        }
    }

    static ConsoleCampaignData seed(ServerNode server) throws IOException {
        return new ConsoleCampaignData(server, ConsoleSalesData.ANALYST, ConsoleSalesData.ANALYST_PASSWORD);
    }

    /** Calls the API as the analyst. */
    ServerNode.Reply analyst(String method, String path, String body) {
        return server.call(method, path, body, "Authorization", analyst);
    }

    /** A draft composed over REST, to the seeded segment. */
    long draft(String name) {
        return ok(analyst("POST", "/campaigns", "{\"name\": \"" + name + "\", \"segment\": \"" + SEGMENT + "\", "
                + "\"purpose\": \"marketing\", \"channel\": \"email\", \"variants\": [{\"template\": \"" + TEMPLATE_A
                + "\", \"share\": 1}], \"ratePerMinute\": 60}")).get("id").asLong();
    }

    private long contact(String first, String last, String email, String tag) {
        return ok(server.admin("POST", "/contacts", "{\"firstName\": \"" + first + "\", \"lastName\": \"" + last
                + "\", \"email\": \"" + email + "\"" + (tag == null ? "" : ", \"tags\": [\"" + tag + "\"]") + "}"))
                .get("id").asLong();
    }

    private void consent(long contact, String state) {
        ok(server.admin("POST", "/contacts/" + contact + "/consents", "{\"purpose\": \"marketing\", \"channel\": "
                + "\"email\", \"state\": \"" + state + "\", \"source\": \"newsletter form\"}"));
    }

    private void template(String code, String language, String subject) {
        ok(analyst("PUT", "/messages/templates/" + code + "/" + language, "{\"subject\": \"" + subject + "\", "
                + "\"body\": \"Hello {{firstName}}\\nStop these mails: {{var.unsubscribeUrl}}\\n\"}"));
    }

    static void await(String what, BooleanSupplier condition) {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("waited a minute for this: " + what);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what, e);
            }
        }
    }

    static JsonNode ok(ServerNode.Reply reply) {
        assertTrue(reply.status() + " " + reply.body(), reply.status() == 200 || reply.status() == 201);
        return reply.json();
    }
}
