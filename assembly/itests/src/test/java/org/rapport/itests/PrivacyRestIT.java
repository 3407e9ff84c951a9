package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.rapport.contacts.api.NewContact;
import org.rapport.rest.Roles;
import org.rapport.rest.security.ApiKeyService;
import org.rapport.rest.security.IssuedApiKey;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Privacy over real HTTP against the running distribution: consent and its gate, erasure
 * that leaves no personal value behind, and data retention with legal holds.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class PrivacyRestIT extends ContactTestSupport {

    @Inject
    ApiKeyService keys;
    @Inject
    @org.ops4j.pax.exam.util.Filter("(osgi.jndi.service.name=rapport)")
    javax.sql.DataSource database;

    /**
     * Consent over HTTP: grants and withdrawals per purpose and channel, the gate a partner
     * system asks before it sends, the blocks it records, and the change on the timeline.
     */
    @Test
    public void consentIsRecordedOverHttpAndTheGateEnforcesIt() {
        String agent = basic(Roles.AGENT);
        String consents = "/contacts/" + contactId + "/consents";
        Reply granted = call("POST", consents, agent, "{\"purpose\": \"marketing\", \"state\": \"granted\", "
                + "\"source\": \"newsletter form\", \"proof\": \"double opt-in 7f3a\"}");
        assertEquals(granted.body(), 201, granted.status());
        assertEquals("consent", granted.json().get("basis").asText().toLowerCase());
        Reply withdrawn = call("POST", consents, agent, "{\"purpose\": \"marketing\", \"channel\": \"email\", "
                + "\"state\": \"withdrawn\", \"source\": \"unsubscribe link\"}");
        assertEquals(withdrawn.body(), 201, withdrawn.status());
        Reply bad = call("POST", consents, agent, "{\"purpose\": \"spam\", \"state\": \"granted\", \"source\": \"x\"}");
        assertEquals(bad.body(), 400, bad.status());
        assertEquals("purpose", bad.json().get("fields").get(0).get("field").asText());
        Reply analystTries = call("POST", consents, basic(Roles.ANALYST), "{\"purpose\": \"marketing\", "
                + "\"state\": \"granted\", \"source\": \"x\"}");
        assertEquals(analystTries.body(), 403, analystTries.status());

        JsonNode state = call("GET", consents, basic(Roles.ANALYST), null).json();
        assertEquals(state.toString(), 2, state.get("current").size());
        assertEquals(state.toString(), 2, state.get("history").size());

        IssuedApiKey mailer = keys.issue("itest mailer", Set.of("consents:check"), "itest");
        Map<String, String> asMailer = Map.of("X-API-Key", mailer.secret());
        Reply email = call("POST", "/privacy/consent-checks", asMailer, "{\"contactId\": " + contactId
                + ", \"purpose\": \"marketing\", \"channel\": \"email\", \"action\": \"spring newsletter\"}");
        assertEquals(email.body(), 200, email.status());
        assertFalse(email.body(), email.json().get("allowed").asBoolean());
        assertTrue(email.body(), email.json().get("reason").asText().startsWith("marketing by email withdrawn on"));
        Reply sms = call("POST", "/privacy/consent-checks", asMailer, "{\"contactId\": " + contactId
                + ", \"purpose\": \"marketing\", \"channel\": \"phone\", \"action\": \"spring text\"}");
        assertTrue(sms.body(), sms.json().get("allowed").asBoolean());
        JsonNode blocks = call("GET", "/privacy/blocks?contactId=" + contactId, agent, null).json().get("items");
        assertEquals(blocks.toString(), 1, blocks.size());
        assertEquals("itest mailer", blocks.get(0).get("requester").asText());

        String shell = executeAs("privacy:consents " + contactId, Roles.ANALYST);
        assertTrue(shell, shell.contains("withdrawn") && shell.contains("spring newsletter"));
        await("the consent changes are on the timeline", () -> call("GET", "/contacts/" + contactId
                + "/timeline", agent, null).json().get("total").asInt() == 2);
        JsonNode timeline = call("GET", "/contacts/" + contactId + "/timeline", agent, null).json().get("items");
        assertEquals("consent", timeline.get(0).get("type").asText());
    }

    /**
     * The right to be forgotten in the assembled product: a contact with interactions (payloads
     * included), consent, a blocked action, loyalty purchases and decisions is erased over HTTP,
     * every bundle that declares personal data takes part, and afterwards a scan of every column
     * of every table finds none of the contact's name, email or phone. The export before it
     * holds them all.
     */
    @Test
    public void anErasedContactLeavesNoPersonalValueInAnyTable() throws Exception {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String email = "forget-" + unique + "@example.com";
        String name = "Erasmus" + unique;
        String phone = "+44 20 7946 " + (1000 + new java.util.Random().nextInt(8999));
        String agent = basic(Roles.AGENT);
        Reply created = call("POST", "/contacts", agent, JSON.writeValueAsString(Map.of("email", email, "firstName", name,
                "lastName", "Forgotten", "phone", phone)));
        assertEquals(created.body(), 201, created.status());
        long id = created.json().get("id").asLong();
        call("POST", "/contacts/" + id + "/interactions", agent, JSON.writeValueAsString(Map.of("channel", "email",
                "direction", "inbound", "type", "complaint", "summary", "from " + email, "payload", Map.of("replyTo", email,
                "callback", phone))));
        call("POST", "/contacts/" + id + "/consents", agent, "{\"purpose\": \"marketing\", \"state\": \"granted\", "
                + "\"source\": \"form by " + email + "\"}");
        call("POST", "/privacy/consent-checks", agent, "{\"contactId\": " + id + ", \"purpose\": \"analytics\", "
                + "\"action\": \"segment " + name + "\"}");
        Reply bought = call("POST", "/loyalty/purchases", agent, "{\"contactId\": " + id + ", \"eventId\": \"F-" + unique
                + "\", \"amount\": 1500.00, \"channel\": \"web\"}");
        assertEquals(bought.body(), 201, bought.status());
        await("the purchase and the consent are on the timeline", () -> {
            String timeline = call("GET", "/contacts/" + id + "/timeline", agent, null).body();
            return timeline.contains("\"type\":\"purchase\"") && timeline.contains("\"type\":\"consent\"");
        });
        // An import of which the person's row is refused (no such country): the report must not keep the row.
        Reply imported = call("POST", "/contacts/import", Map.of("Authorization", agent, "Content-Type", "text/csv"), "email,phone,country\n" + email + "," + phone
                + ",Atlantis\n");
        assertEquals(imported.body(), 202, imported.status());
        String job = "/jobs/" + imported.json().get("id").asText();
        await("the import ends", () -> !"RUNNING".equals(call("GET", job, agent, null).json().path("state").asText()));
        assertEquals(1, call("GET", job, agent, null).json().get("report").get("failed").asInt());
        // The newer stores: a case whose thread and attached file name the person, and a lead with its address.
        Reply opened = call("POST", "/cases", agent, JSON.writeValueAsString(Map.of("subject", "Card of " + name,
                "contactId", id, "message", "Call " + phone + " or write to " + email)));
        assertEquals(opened.body(), 201, opened.status());
        String caseId = opened.json().get("id").asText();
        String attached = java.util.Base64.getEncoder().encodeToString((name + " " + phone + " " + email)
                .getBytes(StandardCharsets.UTF_8));
        Reply reply = call("POST", "/cases/" + caseId + "/replies", agent, "{\"text\":\"Your form\",\"attachments\":"
                + "[{\"name\":\"form.txt\",\"contentType\":\"text/plain\",\"content\":\"" + attached + "\"}]}");
        assertEquals(reply.body(), 201, reply.status());
        assertEquals(1, call("GET", "/cases/" + caseId + "/attachments", agent, null).json().get("total").asInt());
        Reply lead = call("POST", "/leads", agent, JSON.writeValueAsString(Map.of("name", name + " Forgotten", "email", email,
                "phone", phone, "source", "event")));
        assertEquals(lead.body(), 201, lead.status());
        assertFalse("the attached file is stored", tablesHolding(attached).isEmpty());
        assertFalse("the values are there before", tablesHolding(email).isEmpty());
        JsonNode audited = call("GET", "/audit?subject=contact%20" + id + "&action=contact.", basic(Roles.ADMIN), null).json()
                .get("items");
        assertEquals(audited.toString(), 1, audited.size());
        assertEquals(audited.toString(), "itest-agent", audited.get(0).get("actor").asText());
        assertTrue(audited.toString(), audited.get(0).get("after").asText().contains(email));

        Reply export = call("GET", "/contacts/" + id + "/export", agent, null);
        assertEquals(export.body(), 200, export.status());
        JsonNode data = export.json().get("data");
        assertTrue(data.toString(), data.get("contacts").toString().contains(email));
        assertTrue(data.toString(), data.get("loyalty").get("member").get("balance").asLong() > 0);
        assertTrue(data.toString(), data.has("consent") && data.has("decision ledger"));
        assertEquals(export.body(), 0, export.json().get("unreached").size());

        Reply agentTries = call("POST", "/contacts/" + id + "/erasure", agent, null);
        assertEquals(agentTries.body(), 403, agentTries.status());
        Reply erased = call("POST", "/contacts/" + id + "/erasure", basic(Roles.ADMIN), null);

        assertEquals(erased.body(), 200, erased.status());
        JsonNode report = erased.json();
        assertEquals(report.toString(), 0, report.get("unreached").size());
        List<String> participants = new ArrayList<>();
        report.get("outcomes").forEach(o -> {
            assertTrue(o.toString(), o.get("error").isNull());
            participants.add(o.get("participant").asText());
        });
        assertEquals(List.of("audit log", "campaigns", "communication", "consent", "decision ledger", "events", "loyalty",
                "offers", "retention", "sales", "segments", "service", "contacts"), participants);
        JsonNode kept = call("GET", "/audit?subject=contact%20" + id, basic(Roles.ADMIN), null).json().get("items");
        assertEquals(kept.toString(), List.of("consent.granted", "contact.create"),
                List.of(kept.get(0).get("action").asText(), kept.get(1).get("action").asText()));
        assertEquals(kept.toString(), "(erased)", kept.get(1).get("after").asText());
        for (String value : List.of(email, name, phone, phone.replace(" ", ""))) {
            assertEquals(value + " is gone from every table", List.of(), tablesHolding(value));
            assertEquals(value + " is in no file of data/ (logs, uploads, reports)", List.of(), filesHolding(value));
        }
        assertFalse(call("GET", job, agent, null).body().contains(phone.replace(" ", "")));
        assertEquals("the case's attachments are gone", 0, call("GET", "/cases/" + caseId + "/attachments", agent, null).json()
                .get("total").asInt());
        assertEquals("the attached file is in no table", List.of(), tablesHolding(attached));
        assertEquals(404, call("GET", "/leads/" + lead.json().get("id").asText(), agent, null).status());
        assertEquals(404, call("GET", "/contacts/" + id, agent, null).status());
    }

    /**
     * The files under {@code data/} holding {@code value} (as UTF-8): the logs, uploads and whatever
     * else a bundle writes there; not the database's own files (the tables are scanned column by
     * column) and not the bundle cache.
     */
    private static List<String> filesHolding(String value) throws IOException {
        java.nio.file.Path data = Paths.get(System.getProperty("karaf.data"));
        byte[] wanted = value.getBytes(StandardCharsets.UTF_8);
        List<String> holding = new ArrayList<>();
        try (java.util.stream.Stream<java.nio.file.Path> files = Files.walk(data)) {
            for (java.nio.file.Path file : (Iterable<java.nio.file.Path>) files.filter(Files::isRegularFile)
                    .filter(f -> !f.startsWith(data.resolve("derby")) && !f.startsWith(data.resolve("cache")))::iterator) {
                byte[] content;
                try {
                    content = Files.readAllBytes(file);
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue;
                }
                if (indexOf(content, wanted) >= 0) {
                    holding.add(data.relativize(file).toString());
                }
            }
        }
        return holding;
    }

    private static int indexOf(byte[] content, byte[] wanted) {
        outer:
        for (int i = 0; i + wanted.length <= content.length; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (content[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** TABLE.COLUMN of every text column, in every table of the product's database, holding {@code value}. */
    private List<String> tablesHolding(String value) throws java.sql.SQLException {
        List<String> places = new ArrayList<>();
        try (java.sql.Connection c = database.getConnection()) {
            List<String[]> columns = new ArrayList<>();
            // The product's own schema (APP on Derby, public on PostgreSQL), not the system catalogs.
            try (java.sql.ResultSet rs = c.getMetaData().getColumns(null, c.getSchema(), "%", "%")) {
                while (rs.next()) {
                    String type = rs.getString("TYPE_NAME").toUpperCase(java.util.Locale.ROOT);
                    String schema = rs.getString("TABLE_SCHEM");
                    if (type.contains("CHAR") || type.equals("CLOB") || type.equals("TEXT")) {
                        columns.add(new String[] {schema + "." + rs.getString("TABLE_NAME"), rs.getString("COLUMN_NAME"), type});
                    }
                }
            }
            for (String[] column : columns) {
                String text = column[2].equals("CLOB") ? "CAST(" + column[1] + " AS VARCHAR(32672))" : column[1];
                try (java.sql.PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM " + column[0] + " WHERE "
                        + text + " LIKE ?")) {
                    q.setString(1, "%" + value + "%");
                    try (java.sql.ResultSet rs = q.executeQuery()) {
                        rs.next();
                        if (rs.getInt(1) > 0) {
                            places.add(column[0] + "." + column[1]);
                        }
                    }
                }
            }
        }
        return places;
    }

    /**
     * Data retention as rules in the running product: the shipped privacy package is active, a dry
     * run reports and changes nothing, a legal hold protects a contact, and a run applies the
     * policies (an interaction older than three years is deleted).
     */
    @Test
    public void retentionPoliciesRunAsRulesAndALegalHoldProtects() {
        String admin = basic(Roles.ADMIN);
        String agent = basic(Roles.AGENT);
        assertEquals("privacy", activeRelease("privacy").rulePackage());
        long held = contacts.create(new NewContact("held-" + UUID.randomUUID() + "@example.com", "Held", "Case")).id();
        String old = "{\"channel\": \"phone\", \"direction\": \"inbound\", \"type\": \"call\", "
                + "\"occurredAt\": \"2021-06-01T10:00:00Z\", \"summary\": \"an old call\"}";
        assertEquals(201, call("POST", "/contacts/" + contactId + "/interactions", agent, old).status());
        assertEquals(201, call("POST", "/contacts/" + held + "/interactions", agent, old).status());
        Reply hold = call("PUT", "/privacy/holds/" + held, admin, "{\"reason\": \"litigation\"}");
        assertEquals(hold.body(), 200, hold.status());

        Reply dry = call("POST", "/privacy/retention/runs", basic(Roles.ANALYST), "{\"dryRun\": true}");
        assertEquals(dry.body(), 200, dry.status());
        JsonNode category = null;
        for (JsonNode c : dry.json().get("categories")) {
            category = c.get("category").asText().equals("interactions") ? c : category;
        }
        assertTrue(dry.body(), category != null);
        assertTrue(dry.body(), category.get("deleted").asLong() >= 1 && category.get("held").asLong() >= 1);
        assertEquals("a dry run changes nothing", 1, call("GET", "/contacts/" + contactId + "/timeline", agent, null)
                .json().get("total").asInt());
        Reply analystApplies = call("POST", "/privacy/retention/runs", basic(Roles.ANALYST), "{\"dryRun\": false}");
        assertEquals(analystApplies.body(), 403, analystApplies.status());

        Reply run = call("POST", "/privacy/retention/runs", admin, "{\"dryRun\": false}");

        assertEquals(run.body(), 200, run.status());
        assertEquals(0, call("GET", "/contacts/" + contactId + "/timeline", agent, null).json().get("total").asInt());
        assertEquals("the hold kept it", 1, call("GET", "/contacts/" + held + "/timeline", agent, null).json()
                .get("total").asInt());
        Reply refused = call("POST", "/contacts/" + held + "/erasure", admin, null);
        assertEquals(refused.body(), 409, refused.status());
        assertTrue(refused.body(), refused.json().get("message").asText().contains("under legal hold (litigation)"));
        assertEquals(204, call("DELETE", "/privacy/holds/" + held, admin, null).status());
        String shell = execute("privacy:retention-run --dry-run");
        assertTrue(shell, shell.contains("interactions:") && shell.contains("1 would be deleted"));
    }
}
