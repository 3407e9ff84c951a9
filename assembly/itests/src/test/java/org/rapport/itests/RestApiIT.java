package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import javax.inject.Inject;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.NewContact;
import org.rapport.rest.Roles;
import org.rapport.rest.security.ApiKeyService;
import org.rapport.rest.security.IssuedApiKey;
import org.rapport.rules.api.Release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The REST API over real HTTP against the running distribution: who may call what (a role by
 * endpoint matrix), the error format for bad input, API key revocation, no default credentials,
 * and the same roles on the shell commands.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class RestApiIT extends HttpTestSupport {

    @Inject
    ApiKeyService keys;
    @Inject
    BundleContext bundleContext;
    @Inject
    ContactService contacts;
    @Inject
    org.osgi.service.event.EventAdmin events;
    @Inject
    @org.ops4j.pax.exam.util.Filter("(osgi.jndi.service.name=rapport)")
    javax.sql.DataSource database;
    @Inject
    org.apache.karaf.features.FeaturesService features;

    private long contactId;

    @Before
    public void aContact() {
        contactId = contacts.create(new NewContact("rest-" + UUID.randomUUID() + "@example.com", "Rest", "Tester")).id();
    }

    /**
     * What the web console reads beside the rest of the API: who is signed in, a check of
     * candidate rule files that deploys nothing, and the figures of its dashboards, counted from
     * what is stored. A script that signs in by itself gets no Basic challenge on a 401.
     */
    @Test
    public void theConsolesEndpointsAnswerFromWhatIsStored() {
        JsonNode session = call("GET", "/session", basic(Roles.ANALYST), null).json();
        assertEquals("itest-analyst", session.get("name").asText());
        assertTrue(session.toString(), session.get("roles").toString().contains("analyst"));
        Reply challenged = call("GET", "/session", Map.of(), null);
        assertEquals(401, challenged.status());
        assertTrue(challenged.raw().headers().firstValue("WWW-Authenticate").isPresent());
        Reply script = call("GET", "/session", Map.of("X-Requested-With", "XMLHttpRequest"), null);
        assertEquals(401, script.status());
        assertTrue("no browser dialog for the console", script.raw().headers().firstValue("WWW-Authenticate").isEmpty());

        long before = activeRelease("loyalty").version();
        JsonNode broken = call("POST", "/rules/loyalty/checks", basic(Roles.ANALYST),
                "{\"files\": {\"tiers.drl\": \"package rapport.loyalty;\\nrule \\\"x\\\" when then nonsense( end\"}}").json();
        assertFalse(broken.get("accepted").asBoolean());
        assertTrue(broken.toString(), broken.get("problems").get(0).get("file").asText().equals("tiers.drl")
                && broken.get("problems").get(0).get("line").asInt() == 2);
        assertEquals("a check deploys nothing", before, activeRelease("loyalty").version());

        long member = contacts.create(new NewContact("stats-" + UUID.randomUUID() + "@example.com", "Stat", "Member")).id();
        JsonNode statsBefore = call("GET", "/loyalty/tier-statistics", basic(Roles.ANALYST), null).json();
        Reply bought = call("POST", "/loyalty/purchases", basic(Roles.AGENT), "{\"contactId\": " + member
                + ", \"eventId\": \"" + UUID.randomUUID() + "\", \"amount\": 1500.00}");
        assertEquals(bought.body(), 201, bought.status());
        JsonNode placed = bought.json().get("member");
        JsonNode stats = call("GET", "/loyalty/tier-statistics", basic(Roles.ANALYST), null).json();
        if (placed.get("tier").isNull()) {
            assertEquals(stats.toString(), statsBefore.get("withoutTier").asLong() + 1, stats.get("withoutTier").asLong());
        } else {
            String tier = placed.get("tier").asText();
            assertEquals(stats.toString(), statsBefore.path("members").path(tier).asLong() + 1,
                    stats.get("members").get(tier).asLong());
            JsonNode activity = call("GET", "/decisions/activity", basic(Roles.ANALYST), null).json();
            assertTrue(activity.toString(), activity.get("rules").toString().contains(placed.get("tierRule").asText()));
        }
        assertEquals(400, call("GET", "/loyalty/tier-statistics?from=2026-13", basic(Roles.ANALYST), null).status());

        assertEquals(201, call("POST", "/contacts/" + member + "/consents", basic(Roles.AGENT), "{\"purpose\": "
                + "\"analytics\", \"channel\": \"web\", \"state\": \"withdrawn\", \"source\": \"cookie banner\"}").status());
        boolean found = false;
        for (JsonNode rate : call("GET", "/privacy/consent-rates", basic(Roles.ANALYST), null).json().get("items")) {
            if (rate.get("purpose").asText().equals("analytics") && rate.get("channel").asText().equals("web")) {
                found = true;
                assertTrue(rate.toString(), rate.get("withdrawn").asLong() >= 1);
            }
        }
        assertTrue("analytics by web is counted", found);

        JsonNode features = call("GET", "/features", basic(Roles.ADMIN), null).json().get("items");
        assertTrue(features.toString(), features.toString().contains("\"name\":\"rapport-console\",\"version\""));
        assertTrue(call("GET", "/jobs", basic(Roles.AGENT), null).json().get("items").isArray());
    }

    @Test
    public void healthNeedsNoCredentialsAndNamesTheActiveRules() {
        Reply health = call("GET", "/health", Map.of(), null);
        assertEquals(health.body(), 200, health.status());
        assertEquals("UP", health.json().get("status").asText());
        JsonNode loyalty = null;
        for (JsonNode release : health.json().get("rules")) {
            loyalty = "loyalty".equals(release.get("rulePackage").asText()) ? release : loyalty;
        }
        assertEquals("loyalty", loyalty.get("rulePackage").asText());
        assertEquals("ACTIVE", loyalty.get("state").asText());
        assertEquals(activeRelease("loyalty").hash(), loyalty.get("hash").asText());
        assertEquals("nosniff", health.raw().headers().firstValue("X-Content-Type-Options").orElse(null));
        assertEquals("DENY", health.raw().headers().firstValue("X-Frame-Options").orElse(null));
        assertEquals("no-store", health.raw().headers().firstValue("Cache-Control").orElse(null));
    }

    @Test
    public void everyEndpointAnswersEachRoleAsDocumented() {
        IssuedApiKey reader = keys.issue("itest reader", Set.of("contacts:read", "loyalty:read"), "itest");
        IssuedApiKey writer = keys.issue("itest writer", Set.of("contacts:write", "loyalty:write"), "itest");
        Map<String, Map<String, String>> callers = new java.util.LinkedHashMap<>();
        callers.put("nobody", Map.of());
        callers.put("admin", Map.of("Authorization", basic(Roles.ADMIN)));
        callers.put("analyst", Map.of("Authorization", basic(Roles.ANALYST)));
        callers.put("agent", Map.of("Authorization", basic(Roles.AGENT)));
        callers.put("reader key", Map.of("X-API-Key", reader.secret()));
        callers.put("writer key", Map.of("Authorization", "Bearer " + writer.secret()));
        String contact = "/contacts/" + contactId;
        String member = "/loyalty/members/" + contactId;
        // endpoint, then the status for: nobody, admin, analyst, agent, reader key, writer key
        Object[][] matrix = {
            {"GET /health", 200, 200, 200, 200, 200, 200},
            {"GET /contacts", 401, 200, 200, 200, 200, 403},
            {"GET " + contact, 401, 200, 200, 200, 200, 403},
            {"POST /contacts", 401, 201, 403, 201, 403, 201},
            {"POST /loyalty/purchases", 401, 201, 403, 201, 403, 201},
            {"GET " + member, 401, 200, 200, 200, 200, 403},
            {"GET " + member + "/ledger", 401, 200, 200, 200, 200, 403},
            {"GET /loyalty/rewards", 401, 200, 200, 200, 200, 403},
            {"PUT /loyalty/rewards/ITEST-MATRIX", 401, 200, 403, 403, 403, 403},
            {"GET /loyalty/reconciliation", 401, 200, 200, 403, 403, 403},
            {"GET /loyalty/reevaluations", 401, 200, 200, 403, 403, 403},
            {"GET /users", 401, 200, 403, 403, 403, 403},
            {"GET /keys", 401, 200, 403, 403, 403, 403},
            {"PUT /users/itest-agent/roles", 401, 200, 403, 403, 403, 403},
            {"GET /rules", 401, 200, 200, 403, 403, 403},
            {"GET /rules/loyalty/releases", 401, 200, 200, 403, 403, 403},
            {"POST /rules/loyalty/tests", 401, 200, 200, 403, 403, 403},
            {"GET " + contact + "/decisions", 401, 200, 200, 200, 200, 403},
            {"POST " + contact + "/interactions", 401, 201, 403, 201, 403, 201},
            {"GET " + contact + "/timeline", 401, 200, 200, 200, 200, 403},
            {"PUT " + contact, 401, 200, 403, 200, 403, 200},
            {"GET /contacts?q=rest", 401, 200, 200, 200, 200, 403},
            {"GET /contacts/export", 401, 200, 403, 403, 403, 403},
            {"GET /audit", 401, 200, 403, 403, 403, 403},
            {"GET /messages", 401, 200, 200, 200, 403, 403},
            {"GET /messages/templates", 401, 200, 200, 200, 403, 403},
            {"PUT /messages/templates/itest-matrix/en", 401, 200, 200, 403, 403, 403},
            {"GET /channels", 401, 200, 200, 200, 403, 403},
            {"POST /channels/email/resume", 401, 409, 403, 403, 403, 403},
            {"GET /plugins", 401, 200, 403, 403, 403, 403},
            {"GET /duplicates", 401, 200, 200, 200, 200, 403},
            {"GET /accounts", 401, 200, 200, 200, 200, 403},
            {"POST /accounts", 401, 201, 403, 201, 403, 201},
            {"GET /contact-properties", 401, 200, 200, 200, 200, 403},
            {"GET /merges", 401, 200, 200, 200, 200, 403},
            {"PUT /contact-properties/itestMatrix", 401, 200, 403, 403, 403, 403},
            {"GET " + contact + "/duplicates", 401, 200, 200, 200, 200, 403},
            {"GET /retention/at-risk", 401, 200, 200, 200, 403, 403},
            {"GET /retention/tasks", 401, 200, 200, 200, 403, 403},
            {"GET /retention/kpis", 401, 200, 200, 200, 403, 403},
            {"GET /retention/sweeps", 401, 200, 200, 403, 403, 403},
            {"GET /segments", 401, 200, 200, 200, 200, 403},
            {"PUT /segments/itest-matrix", 401, 200, 200, 403, 403, 403},
            {"POST /segments/preview", 401, 200, 200, 200, 200, 403},
            {"GET " + contact + "/segments", 401, 200, 200, 200, 200, 403},
            {"GET /session", 401, 200, 200, 200, 403, 403},
            {"POST /rules/loyalty/checks", 401, 200, 200, 403, 403, 403},
            {"GET /decisions/activity", 401, 200, 200, 403, 403, 403},
            {"GET /loyalty/tier-statistics", 401, 200, 200, 403, 200, 403},
            {"GET /privacy/consent-rates", 401, 200, 200, 403, 403, 403},
            {"GET /features", 401, 200, 403, 403, 403, 403},
            {"GET /jobs", 401, 200, 200, 200, 403, 200},
        };
        List<String> wrong = new ArrayList<>();
        for (Object[] row : matrix) {
            String[] endpoint = ((String) row[0]).split(" ", 2);
            int column = 1;
            for (Map.Entry<String, Map<String, String>> caller : callers.entrySet()) {
                int expected = (Integer) row[column++];
                String body = switch (endpoint[0]) {
                    case "POST" -> endpoint[1].equals("/contacts")
                            ? "{\"email\":\"m-" + UUID.randomUUID() + "@example.com\"}"
                            : endpoint[1].equals("/accounts") ? "{\"name\":\"Matrix " + UUID.randomUUID() + "\"}"
                            : endpoint[1].endsWith("/checks") ? "{\"files\": {\"x.drl\": \"package rapport.loyalty;\"}}"
                            : endpoint[1].startsWith("/rules") ? "{}"
                            : endpoint[1].startsWith("/segments") ? "{\"condition\":\"tag:itest-matrix\"}"
                            : endpoint[1].endsWith("/interactions") ? "{\"channel\":\"phone\",\"direction\":\"inbound\",\"type\":\"call\"}"
                            : "{\"contactId\": " + contactId + ", \"eventId\": \"" + UUID.randomUUID() + "\", \"amount\": 10.00}";
                    case "PUT" -> endpoint[1].startsWith("/contacts")
                            ? "{\"email\":\"u-" + UUID.randomUUID() + "@example.com\",\"tags\":[\"updated\"]}"
                            : endpoint[1].startsWith("/loyalty") ? "{\"name\":\"Matrix\",\"points\":10,\"active\":true}"
                            : endpoint[1].startsWith("/messages") ? "{\"subject\":\"Hi\",\"body\":\"Hello {{firstName}}\"}"
                            : endpoint[1].startsWith("/contact-properties") ? "{\"type\":\"text\"}"
                            : endpoint[1].startsWith("/segments") ? "{\"condition\":\"tag:itest-matrix\"}"
                            : "{\"roles\":[\"agent\"]}";
                    default -> null;
                };
                Reply reply = call(endpoint[0], endpoint[1], caller.getValue(), body);
                if (reply.status() != expected) {
                    wrong.add(row[0] + " as " + caller.getKey() + ": " + reply.status() + " instead of " + expected + " " + reply.body());
                } else if (expected >= 400) {
                    JsonNode error = reply.json();
                    if (error.get("status").asInt() != expected || error.get("message").asText().isEmpty()) {
                        wrong.add(row[0] + " as " + caller.getKey() + ": error body " + reply.body());
                    }
                }
            }
        }
        assertTrue("the access matrix differs:\n" + String.join("\n", wrong), wrong.isEmpty());
        JsonNode roleChanges = call("GET", "/audit?subject=user%20itest-agent&action=user.roles", basic(Roles.ADMIN), null)
                .json().get("items");
        assertTrue(roleChanges.toString(), roleChanges.size() > 0);
        assertEquals(roleChanges.toString(), "itest-admin", roleChanges.get(0).get("actor").asText());
        assertEquals(roleChanges.toString(), "roles agent", roleChanges.get(0).get("after").asText());
    }

    /**
     * TLS turned on as an administrator would (a keystore and the secure connector in
     * etc/org.ops4j.pax.web.cfg): the API answers over HTTPS to a client that trusts the server's
     * certificate, and a client that does not trust it gets no answer.
     */
    @Test
    public void aPluginsNeedsAreShownAsSoonAsItIsInstalledAndItIsForgottenWhenUninstalled() throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "com.example.referrals");
        main.putValue("Bundle-Version", "1.2.0");
        main.putValue("Provide-Capability", "org.rapport.plugin; org.rapport.plugin=\"referrals\"; version:Version=\"1.2\"; "
                + "description=\"Referral programme\"; personal-data=\"read\"; channels:List<String>=\"sms\"; "
                + "rule-packages:List<String>=\"referral\"; rest-paths:List<String>=\"/referrals,/referrals/{id}\"");
        java.io.ByteArrayOutputStream jar = new java.io.ByteArrayOutputStream();
        new JarOutputStream(jar, manifest).close();
        Bundle plugin = bundleContext.installBundle("itest:referrals", new java.io.ByteArrayInputStream(jar.toByteArray()));
        try {
            // Installed, not started: the administrator sees what it needs before starting it.
            Reply shown = call("GET", "/plugins/referrals", basic(Roles.ADMIN), null);
            assertEquals(shown.body(), 200, shown.status());
            assertEquals("1.2.0", shown.json().get("version").asText());
            assertEquals("read", shown.json().get("personalData").asText());
            assertEquals("[\"sms\"]", shown.json().get("channels").toString());
            assertEquals("[\"/referrals\",\"/referrals/{id}\"]", shown.json().get("restPaths").toString());
            assertEquals(403, call("GET", "/plugins", basic(Roles.ANALYST), null).status());
            String listed = execute("plugins:list");
            assertTrue(listed, listed.contains("referrals") && listed.contains("outbound channels [sms]"));
            assertTrue(execute("plugins:show referrals").contains("Rule packages: referral"));
        } finally {
            plugin.uninstall();
        }
        assertEquals(404, call("GET", "/plugins/referrals", basic(Roles.ADMIN), null).status());
    }

    @Test
    public void theApiIsServedOverTlsWhenConfigured() throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (java.io.InputStream in = Files.newInputStream(Paths.get(System.getProperty(TLS_KEYSTORE)))) {
            trusted.load(in, TLS_PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        URI health = URI.create("https://localhost:" + System.getProperty(HTTPS_PORT) + "/api/v1/health");

        HttpResponse<String> answer = java.net.http.HttpClient.newBuilder().sslContext(tls).build()
                .send(HttpRequest.newBuilder(health).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(answer.body(), 200, answer.statusCode());
        assertTrue(answer.body(), answer.body().contains("\"status\":\"UP\""));
        assertTrue(answer.sslSession().orElseThrow().getProtocol().startsWith("TLSv1."));
        HttpResponse<String> users = java.net.http.HttpClient.newBuilder().sslContext(tls).build().send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + System.getProperty(HTTPS_PORT) + "/api/v1/users"))
                        .header("Authorization", basic(Roles.ADMIN)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("credentials work over TLS as over HTTP", 200, users.statusCode());
        try {
            java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(health).build(),
                    HttpResponse.BodyHandlers.ofString());
            fail("a client that does not trust the certificate got an answer");
        } catch (javax.net.ssl.SSLHandshakeException expected) {
            assertTrue(expected.getMessage(), expected.getMessage() != null);
        }
    }

    @Test
    public void theOpenApiDocumentDescribesEveryServedOperation() {
        Reply document = call("GET", "/openapi.json", Map.of(), null);
        assertEquals(document.body(), 200, document.status());
        JsonNode paths = document.json().get("paths");
        for (String path : List.of("/health", "/openapi.json", "/contacts", "/contacts/{id}", "/loyalty/members/{contactId}",
                "/loyalty/purchases", "/loyalty/members/{contactId}/ledger", "/loyalty/redemptions",
                "/loyalty/reevaluations/{id}", "/contacts/{id}/consents", "/privacy/consent-checks", "/privacy/blocks",
                "/contacts/{id}/erasure", "/contacts/{id}/export", "/audit", "/privacy/retention/runs", "/privacy/holds/{contactId}",
                "/users", "/users/{name}", "/keys", "/keys/{id}", "/rules",
                "/rules/{package}", "/rules/{package}/releases/{version}", "/rules/{package}/rollback",
                "/contacts/{id}/decisions", "/accounts", "/accounts/{id}", "/contact-properties/{name}", "/merges",
                "/merges/preview", "/merges/{id}/undo", "/segments", "/segments/{name}", "/segments/{name}/members",
                "/segments/{name}/counts", "/segments/{name}/refresh", "/segments/preview", "/contacts/{id}/segments")) {
            assertTrue("the document has " + path + ": " + paths, paths.has(path));
        }
        assertEquals("contacts:write", paths.get("/contacts").get("post").get("x-rapport-scope").asText());
        // Every documented operation is served: called as an administrator with placeholders, none
        // is an unknown path or method (a resource's own 404, such as "no user", is fine).
        List<String> unserved = new ArrayList<>();
        paths.fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            String concrete = path.getKey().replaceAll("\\{[^}]+}", "itest-none");
            boolean body = method.equals("post") || method.equals("put") || method.equals("patch");
            Reply reply = call(method.toUpperCase(), concrete, basic(Roles.ADMIN), body ? "{}" : null);
            if (reply.status() == 405 || reply.body().contains("there is nothing at")) {
                unserved.add(method + " " + path.getKey() + ": " + reply.status() + " " + reply.body());
            }
        }));
        assertTrue("documented but not served:\n" + String.join("\n", unserved), unserved.isEmpty());
    }

    @Test
    public void anAnalystChangesTestsAndRollsBackRulesOverHttp() throws IOException {
        String analyst = basic(Roles.ANALYST);
        Release before = activeRelease("loyalty");
        try {
            JsonNode original = call("GET", "/rules/loyalty/releases/" + before.version(), analyst, null).json().get("files");
            String tiers = original.get("tiers.drl").asText();
            ObjectNode files = original.deepCopy();

            files.put("tiers.drl", tiers + "\nrule \"LOY-999 broken\"\nwhen\n    $m : MemberActivity( nosuchfield > 1 )\nthen\nend\n");
            Reply refused = call("PUT", "/rules/loyalty", analyst, JSON.writeValueAsString(Map.of("files", files)));
            assertEquals(refused.body(), 422, refused.status());
            assertEquals("rules_rejected", refused.json().get("code").asText());
            String where = refused.json().get("fields").get(0).get("field").asText();
            assertTrue(where, where.matches("tiers\\.drl:\\d+(:\\d+)?"));
            assertEquals(before.version(), activeRelease("loyalty").version());

            files.put("tiers.drl", tiers.replace("currentTier == null, qualifyingPoints < 1000 )", "currentTier == null, qualifyingPoints < 900 )")
                    .replace("qualifyingPoints >= 1000, qualifyingPoints < 5000, currentTier", "qualifyingPoints >= 900, qualifyingPoints < 5000, currentTier"));
            files.remove("tiers.scenarios.yaml");
            Reply deployed = call("PUT", "/rules/loyalty", analyst, JSON.writeValueAsString(Map.of("files", files)));
            assertEquals(deployed.body(), 200, deployed.status());
            long next = deployed.json().get("version").asLong();
            assertEquals(before.version() + 1, next);
            assertEquals("itest-analyst", deployed.json().get("author").asText());
            assertEquals("REST API", deployed.json().get("origin").asText());
            await("the release is audited", () -> call("GET", "/audit?action=rules.release&actor=itest-analyst",
                    basic(Roles.ADMIN), null).json().toString().contains("v" + next + " active"));
            Reply diff = call("GET", "/rules/loyalty/diff?from=" + before.version() + "&to=" + next, analyst, null);
            assertTrue(diff.body(), diff.body().contains("qualifyingPoints < 900 )"));
            Reply started = call("POST", "/rules/loyalty/previews", analyst, JSON.writeValueAsString(Map.of("files", original)));
            assertEquals(started.body(), 202, started.status());
            String job = started.raw().headers().firstValue("Location").orElseThrow();
            String jobPath = job.substring(job.indexOf("/api/v1") + "/api/v1".length());
            assertEquals(job, "/rules/loyalty/previews/" + started.json().get("id").asText(), jobPath);
            await("the background preview ends", () -> !List.of("QUEUED", "RUNNING")
                    .contains(call("GET", jobPath, analyst, null).json().path("state").asText()));
            JsonNode preview = call("GET", jobPath, analyst, null).json();
            assertEquals(preview.toString(), "DONE", preview.get("state").asText());
            assertEquals(preview.toString(), preview.get("total").asLong(), preview.get("evaluated").asLong());
            assertEquals(preview.toString(), next, preview.get("impact").get("activeRelease").asLong());
            Reply agentTries = call("PUT", "/rules/loyalty", basic(Roles.AGENT), JSON.writeValueAsString(Map.of("files", files)));
            assertEquals(agentTries.body(), 403, agentTries.status());

            Reply rolledBack = call("POST", "/rules/loyalty/rollback", analyst, "{\"version\": " + before.version() + "}");
            assertEquals(rolledBack.body(), 200, rolledBack.status());
            assertEquals(before.hash(), rolledBack.json().get("hash").asText());
            assertEquals("itest-analyst", rolledBack.json().get("author").asText());
            Reply tests = call("POST", "/rules/loyalty/tests", analyst, null);
            assertEquals(tests.body(), 0, tests.json().get("failed").asInt());
            assertTrue(tests.body(), tests.json().get("passed").asInt() > 0);
            JsonNode history = call("GET", "/rules/loyalty/releases", analyst, null).json().get("items");
            assertEquals(before.version() + 2, history.get(0).get("version").asLong());
        } finally {
            restore(before);
        }
    }

    /**
     * The points ledger over HTTP: a purchase earns once however often it is sent, a reward is
     * redeemed until the points run out, a redemption is reversed, and a tier re-evaluation job
     * runs to the end.
     */
    @Test
    public void aMemberEarnsRedeemsAndIsReevaluatedOverHttp() {
        String agent = basic(Roles.AGENT);
        String purchase = "{\"contactId\": " + contactId + ", \"eventId\": \"ORDER-" + contactId
                + "\", \"amount\": 1200.00, \"channel\": \"web\", \"occurredAt\": \"2026-11-20T10:00:00Z\"}";
        Reply first = call("POST", "/loyalty/purchases", agent, purchase);
        assertEquals(first.body(), 201, first.status());
        assertEquals(1320, first.json().get("entry").get("points").asLong());
        assertEquals("Silver", first.json().get("member").get("tier").asText());
        String entry = first.raw().headers().firstValue("Location").orElseThrow();
        assertTrue(entry, entry.endsWith("/api/v1/loyalty/entries/" + first.json().get("entry").get("id").asLong()));
        Reply again = call("POST", "/loyalty/purchases", agent, purchase);
        assertEquals(again.body(), 200, again.status());
        assertTrue(again.json().get("replayed").asBoolean());
        Reply conflict = call("POST", "/loyalty/purchases", agent, purchase.replace("1200.00", "12.00"));
        assertEquals(conflict.body(), 409, conflict.status());
        assertEquals("source_conflict", conflict.json().get("code").asText());
        assertEquals("eventId", conflict.json().get("fields").get(0).get("field").asText());
        Reply badCurrency = call("POST", "/loyalty/purchases", agent, purchase.replace("\"amount\"",
                "\"currency\": \"XYZ\", \"amount\""));
        assertEquals(badCurrency.body(), 400, badCurrency.status());
        assertEquals("currency", badCurrency.json().get("fields").get(0).get("field").asText());

        Reply reward = call("PUT", "/loyalty/rewards/LOUNGE-" + contactId, basic(Roles.ADMIN),
                "{\"name\": \"Lounge pass\", \"points\": 1000, \"stock\": 10, \"active\": true}");
        assertEquals(reward.body(), 200, reward.status());
        String redemption = "{\"contactId\": " + contactId + ", \"reward\": \"LOUNGE-" + contactId + "\", \"requestId\": \"";
        Reply redeemed = call("POST", "/loyalty/redemptions", agent, redemption + "R1\"}");
        assertEquals(redeemed.body(), 201, redeemed.status());
        assertEquals(-1000, redeemed.json().get("points").asLong());
        Reply tooMuch = call("POST", "/loyalty/redemptions", agent, redemption + "R2\"}");
        assertEquals(tooMuch.body(), 409, tooMuch.status());
        assertEquals("insufficient_points", tooMuch.json().get("code").asText());
        Reply reversed = call("POST", "/loyalty/entries/" + redeemed.json().get("id").asLong() + "/reversal", agent,
                "{\"reason\": \"lounge closed\"}");
        assertEquals(reversed.body(), 201, reversed.status());

        JsonNode member = call("GET", "/loyalty/members/" + contactId, agent, null).json();
        assertEquals(member.toString(), 1320, member.get("balance").asLong());
        assertEquals(member.toString(), 1200, member.get("qualifyingPoints").asLong());
        assertEquals(member.toString(), 1320, member.get("expiring").get(0).get("points").asLong());
        JsonNode ledger = call("GET", "/loyalty/members/" + contactId + "/ledger", agent, null).json().get("items");
        assertEquals(ledger.toString(), List.of("REVERSE", "REDEEM", "EARN"),
                List.of(ledger.get(0).get("kind").asText(), ledger.get(1).get("kind").asText(), ledger.get(2).get("kind").asText()));
        await("the purchase is on the timeline", () -> call("GET", "/contacts/" + contactId + "/timeline", agent, null)
                .json().get("total").asInt() == 1);
        JsonNode bought = call("GET", "/contacts/" + contactId + "/timeline", agent, null).json().get("items").get(0);
        assertEquals(bought.toString(), "purchase", bought.get("type").asText());
        assertEquals(bought.toString(), "WEB", bought.get("channel").asText());
        assertEquals(bought.toString(), "ORDER-" + contactId, bought.get("payload").get("event").asText());
        JsonNode reconciliation = call("GET", "/loyalty/reconciliation", basic(Roles.ANALYST), null).json();
        assertEquals(reconciliation.toString(), 0, reconciliation.get("problems").size());

        Reply started = call("POST", "/loyalty/reevaluations", basic(Roles.ANALYST), "{}");
        assertEquals(started.body(), 202, started.status());
        String job = started.raw().headers().firstValue("Location").orElseThrow();
        String jobPath = job.substring(job.indexOf("/api/v1") + "/api/v1".length());
        await("the re-evaluation job ends", () -> !"RUNNING".equals(call("GET", jobPath, basic(Roles.ANALYST), null)
                .json().path("state").asText()));
        JsonNode done = call("GET", jobPath, basic(Roles.ANALYST), null).json();
        assertEquals(done.toString(), "DONE", done.get("state").asText());
        assertEquals(done.toString(), done.get("total").asLong(), done.get("evaluated").asLong());
    }

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
     * A message to a customer in the assembled product: a template written over HTTP, consent
     * recorded, the message queued by an agent, checked by the consent gate when it leaves and
     * handed over in a real SMTP conversation, then found in the log, on the timeline and in the
     * channel's counts. A contact without consent gets nothing, and the block is logged.
     */
    @Test
    public void aMessageLeavesBySmtpOnlyWithConsent() throws Exception {
        try (SmtpSink smtp = new SmtpSink(Integer.parseInt(System.getProperty(SMTP_PORT)))) {
            String agent = basic(Roles.AGENT);
            Reply template = call("PUT", "/messages/templates/itest-welcome/en", basic(Roles.ANALYST),
                    "{\"subject\": \"Welcome, {{firstName}}\", \"body\": \"Hello {{displayName}},\\nyour code is "
                    + "{{var.code}}.\\n\"}");
            assertEquals(template.body(), 200, template.status());
            Reply badTemplate = call("PUT", "/messages/templates/itest-bad/en", basic(Roles.ANALYST),
                    "{\"subject\": \"Hi\", \"body\": \"Dear {{nmae}}\"}");
            assertEquals(badTemplate.body(), 400, badTemplate.status());
            assertTrue(badTemplate.body(), badTemplate.body().contains("body line 1: unknown placeholder {{nmae}}"));
            call("POST", "/contacts/" + contactId + "/consents", agent, "{\"purpose\": \"marketing\", "
                    + "\"state\": \"granted\", \"source\": \"itest\"}");
            String message = "{\"contactId\": " + contactId + ", \"channel\": \"email\", \"template\": \"itest-welcome\", "
                    + "\"purpose\": \"marketing\", \"variables\": {\"code\": \"X42\"}, \"reference\": \"itest-"
                    + UUID.randomUUID() + "\"}";

            Reply queued = call("POST", "/messages", agent, message);
            assertEquals(queued.body(), 201, queued.status());
            long id = queued.json().get("id").asLong();
            Reply again = call("POST", "/messages", agent, message);
            assertEquals("the same reference is the same message", 200, again.status());
            assertEquals(id, again.json().get("id").asLong());
            await("message " + id + " is sent", () -> call("GET", "/messages/" + id, agent, null).json().get("status")
                    .asText().equals("SENT"));

            assertEquals(1, smtp.received().size());
            SmtpSink.Received mail = smtp.received().get(0);
            String email = contacts.find(contactId).orElseThrow().email();
            assertEquals(List.of("<" + email + ">"), mail.to());
            assertTrue(mail.data(), mail.data().contains("Subject: Welcome, Rest"));
            assertTrue(mail.data(), mail.data().contains("X-Rapport-Message: " + id));
            assertTrue(mail.data(), mail.data().contains("your code is X42."));
            await("the message is on the timeline", () -> call("GET", "/contacts/" + contactId + "/timeline", agent,
                    null).json().get("items").toString().contains("\"type\":\"message\""));

            long stranger = contacts.create(new NewContact("no-consent-" + UUID.randomUUID() + "@example.com", "No", "Consent"))
                    .id();
            long blocked = call("POST", "/messages", agent, message.replace("\"contactId\": " + contactId,
                    "\"contactId\": " + stranger).replace("\"reference\": \"itest-", "\"reference\": \"itest-b-")).json()
                    .get("id").asLong();
            await("message " + blocked + " is blocked", () -> call("GET", "/messages/" + blocked, agent, null).json()
                    .get("status").asText().equals("BLOCKED"));
            assertEquals("nothing reached the contact without consent", 1, smtp.received().size());

            JsonNode channels = call("GET", "/channels", basic(Roles.ANALYST), null).json().get("items");
            assertEquals(channels.toString(), "email", channels.get(0).get("name").asText());
            assertTrue(channels.toString(), channels.get(0).get("registered").asBoolean());
            assertTrue(channels.toString(), channels.get(0).get("sent").asLong() >= 1);
            JsonNode log = call("GET", "/messages?contactId=" + contactId, agent, null).json();
            assertEquals(log.toString(), 1, log.get("total").asInt());
            String shell = executeAs("messages:log --contact " + stranger, Roles.AGENT);
            assertTrue(shell, shell.contains("blocked") && shell.contains("no consent recorded for marketing by email"));
        }
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
        call("POST", "/privacy/consent-checks", agent, "{\"contactId\": " + id + ", \"purpose\": \"profiling\", "
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
        assertEquals(1, call("GET", job, agent, null).json().get("failed").asInt());
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
        assertEquals(List.of("audit log", "communication", "consent", "decision ledger", "loyalty", "retention",
                "segments", "contacts"), participants);
        JsonNode kept = call("GET", "/audit?subject=contact%20" + id, basic(Roles.ADMIN), null).json().get("items");
        assertEquals(kept.toString(), List.of("consent.granted", "contact.create"),
                List.of(kept.get(0).get("action").asText(), kept.get(1).get("action").asText()));
        assertEquals(kept.toString(), "(erased)", kept.get(1).get("after").asText());
        for (String value : List.of(email, name, phone, phone.replace(" ", ""))) {
            assertEquals(value + " is gone from every table", List.of(), tablesHolding(value));
            assertEquals(value + " is in no file of data/ (logs, uploads, reports)", List.of(), filesHolding(value));
        }
        assertFalse(call("GET", job, agent, null).body().contains(phone.replace(" ", "")));
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

    /** Removing and installing a feature, an administrator's way of changing capabilities, is audited. */
    @Test
    public void featureRemovalsAndInstallsAreAudited() throws Exception {
        features.uninstallFeature("diagnostic");
        features.installFeature("diagnostic");

        await("both are in the audit log", () -> {
            String log = call("GET", "/audit?action=feature.&limit=10", basic(Roles.ADMIN), null).json().toString();
            return log.contains("feature.uninstall") && log.contains("feature.install")
                    && log.contains("feature diagnostic/");
        });
        assertTrue(features.isInstalled(features.getFeature("diagnostic")));
    }

    /** A spreadsheet decision table, sent Base64-encoded, goes live through the same gate as DRL. */
    @Test
    public void aSpreadsheetDecisionTableIsDeployedOverHttp() throws IOException {
        String analyst = basic(Roles.ANALYST);
        Release before = activeRelease("loyalty");
        try {
            java.nio.file.Path table = Paths.get(System.getProperty(EXAMPLES), "loyalty-tiers-table", "tiers.xlsx");
            Map<String, String> active = rules.files("loyalty", before.version()).orElseThrow();
            Map<String, String> files = Map.of("tiers.xlsx", Base64.getEncoder().encodeToString(Files.readAllBytes(table)),
                    "tiers.scenarios.yaml", active.get("tiers.scenarios.yaml"), "earning.drl", active.get("earning.drl"));

            Reply deployed = call("PUT", "/rules/loyalty", analyst, JSON.writeValueAsString(Map.of("files", files)));

            assertEquals(deployed.body(), 200, deployed.status());
            assertEquals(15, deployed.json().get("ruleCount").asInt());
            Reply purchase = call("POST", "/loyalty/purchases", basic(Roles.AGENT),
                    "{\"contactId\": " + contactId + ", \"eventId\": \"XLSX-1\", \"amount\": 6000.00}");
            assertEquals(purchase.body(), "Gold", purchase.json().get("member").get("tier").asText());
            Reply tests = call("POST", "/rules/loyalty/tests", analyst, null);
            assertEquals(tests.body(), 15, tests.json().get("passed").asInt());
            Reply rolledBack = call("POST", "/rules/loyalty/rollback", analyst, "{\"version\": " + before.version() + "}");
            assertEquals(rolledBack.body(), before.hash(), rolledBack.json().get("hash").asText());
        } finally {
            restore(before);
        }
    }

    /** Leaves the loyalty rules as the test found them, even when it failed half-way. */
    private void restore(Release before) {
        if (!activeRelease("loyalty").hash().equals(before.hash())) {
            rules.rollback("loyalty", before.version(), "itest");
        }
    }

    @Test
    public void everyTouchpointLandsOnOneTimeline() throws InterruptedException {
        String agent = basic(Roles.AGENT);
        String contact = "/contacts/" + contactId;
        Reply call = call("POST", contact + "/interactions", agent, "{\"channel\": \"phone\", \"direction\": \"inbound\", "
                + "\"type\": \"call\", \"occurredAt\": \"2026-01-05T09:00:00Z\", \"summary\": \"asked about delivery\"}");
        assertEquals(call.body(), 201, call.status());
        assertEquals("itest-agent", call.json().get("source").asText());
        Reply bad = call("POST", contact + "/interactions", agent, "{\"channel\": \"fax\", \"direction\": \"inbound\", \"type\": \"call\"}");
        assertEquals(bad.body(), "channel", bad.json().get("fields").get(0).get("field").asText());
        events.postEvent(new org.osgi.service.event.Event("org/rapport/contacts/interaction/RECORD", Map.of(
                "contact.id", contactId, "channel", "web", "direction", "inbound", "type", "visit",
                "occurred.at", "2026-01-06T10:00:00Z", "source", "web-tracker", "payload.page", "/pricing")));
        executeAs("contacts:record --outbound --at 2026-01-07T11:00:00Z --detail case=C-7 " + contactId
                + " email support-case \"reply sent\"", Roles.AGENT);

        await("the posted visit is recorded", () -> call("GET", contact + "/timeline", agent, null).json()
                .get("total").asInt() == 3);
        JsonNode timeline = call("GET", contact + "/timeline", agent, null).json().get("items");
        assertEquals("support-case", timeline.get(0).get("type").asText());
        assertEquals("OUTBOUND", timeline.get(0).get("direction").asText());
        assertEquals("C-7", timeline.get(0).get("payload").get("case").asText());
        assertEquals("/pricing", timeline.get(1).get("payload").get("page").asText());
        assertEquals("call", timeline.get(2).get("type").asText());
        JsonNode phoneOnly = call("GET", contact + "/timeline?channel=phone", basic(Roles.ANALYST), null).json();
        assertEquals(1, phoneOnly.get("total").asInt());
        String shown = executeAs("contacts:show " + contactId, Roles.ANALYST);
        assertTrue(shown, shown.contains("Interactions: 3") && shown.contains("email outbound support-case: reply sent"));
        String shell = executeAs("contacts:timeline " + contactId, Roles.ANALYST);
        assertTrue(shell, shell.contains("support-case") && shell.contains("web-tracker") && shell.contains("3 interaction(s)"));
        refused("contacts:record " + contactId + " phone call", Roles.ANALYST);
    }

    @Test
    public void contactsAreFoundByNameEmailPhoneAndTag() {
        String agent = basic(Roles.AGENT);
        String marker = "z" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Reply created = call("POST", "/contacts", agent, "{\"email\": \"" + marker + "@example.com\", "
                + "\"firstName\": \"Katherine\", \"lastName\": \"" + marker + "\", \"phone\": \"+1 757 555 0199\", "
                + "\"language\": \"en-US\", \"preferredChannel\": \"phone\", \"tags\": [\"NASA\", \"" + marker + "\"]}");
        assertEquals(created.body(), 201, created.status());
        long id = created.json().get("id").asLong();

        for (String query : List.of(marker, marker.toUpperCase() + "@", "tag:" + marker, "katherine " + marker)) {
            JsonNode found = call("GET", "/contacts?q=" + java.net.URLEncoder.encode(query, StandardCharsets.UTF_8),
                    agent, null).json();
            assertEquals(query + ": " + found, 1, found.get("total").asInt());
            assertEquals(query, id, found.get("items").get(0).get("id").asLong());
        }
        Reply updated = call("PUT", "/contacts/" + id, agent, "{\"email\": \"" + marker + "@example.com\", "
                + "\"firstName\": \"Katherine\", \"lastName\": \"Johnson\", \"tags\": [\"" + marker + "\"]}");
        assertEquals(updated.body(), 200, updated.status());
        assertEquals(0, call("GET", "/contacts?q=tag:nasa%20" + marker, agent, null).json().get("total").asInt());
        Reply badPhone = call("PUT", "/contacts/" + id, agent, "{\"email\": \"" + marker + "@example.com\", \"phone\": \"none\"}");
        assertEquals("phone", badPhone.json().get("fields").get(0).get("field").asText());
        String shell = executeAs("contacts:find johnson " + marker, Roles.ANALYST);
        assertTrue(shell, shell.contains(marker + "@example.com") && shell.contains("1 match(es)"));
    }

    /** Accounts, addresses, owners and custom properties that an administrator defines, each checked. */
    @Test
    public void aContactHasAnAccountAnAddressAnOwnerAndTypedProperties() {
        String m = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String admin = basic(Roles.ADMIN);
        String agent = basic(Roles.AGENT);
        Reply born = call("PUT", "/contact-properties/born" + m, admin, "{\"type\":\"date\",\"label\":\"Date of birth\"}");
        assertEquals(born.body(), 200, born.status());
        assertEquals(200, call("PUT", "/contact-properties/trade" + m, admin,
                "{\"type\":\"choice\",\"choices\":[\"retail\",\"wholesale\"]}").status());
        Reply account = call("POST", "/accounts", agent, "{\"name\":\"Acme " + m + "\",\"domain\":\"https://www."
                + m + ".example/shop\",\"industry\":\"retail\"}");
        assertEquals(account.body(), 201, account.status());
        assertEquals(m + ".example", account.json().get("domain").asText());
        long accountId = account.json().get("id").asLong();

        String body = "{\"email\":\"" + m + "@example.com\",\"firstName\":\"Ines\",\"owner\":\"itest-agent\","
                + "\"accountId\":" + accountId + ",\"address\":{\"street\":\"Rua Augusta 1\",\"locality\":\"Lisboa\","
                + "\"country\":\"pt\"},\"properties\":{\"born" + m + "\":\"1990-04-23\",\"trade" + m + "\":\"Wholesale\"}}";
        Reply created = call("POST", "/contacts", agent, body);
        assertEquals(created.body(), 201, created.status());
        JsonNode contact = created.json();
        assertEquals("PT", contact.get("address").get("country").asText());
        assertEquals("1990-04-23", contact.get("properties").get("born" + m).asText());
        assertEquals("wholesale", contact.get("properties").get("trade" + m).asText());
        assertEquals("itest-agent", contact.get("owner").asText());
        long id = contact.get("id").asLong();

        Map<String, String> refusals = Map.of(
                "\"properties\":{\"unknown" + m + "\":1}", "properties.unknown" + m,
                "\"properties\":{\"born" + m + "\":\"23/04/1990\"}", "properties.born" + m,
                "\"properties\":{\"trade" + m + "\":\"barter\"}", "properties.trade" + m,
                "\"owner\":\"nobody-" + m + "\"", "owner",
                "\"accountId\":987654321", "accountId",
                "\"address\":{\"country\":\"Portugal\"}", "address.country");
        refusals.forEach((field, named) -> {
            Reply refused = call("PUT", "/contacts/" + id, agent, "{\"email\":\"" + m + "@example.com\"," + field + "}");
            assertEquals(field + " " + refused.body(), 400, refused.status());
            assertEquals(refused.body(), named, refused.json().get("fields").get(0).get("field").asText());
        });
        assertEquals("nothing refused was stored", "wholesale",
                call("GET", "/contacts/" + id, agent, null).json().get("properties").get("trade" + m).asText());

        for (String query : List.of("prop:born" + m + "<1991-01-01", "prop:trade" + m + "=WHOLESALE account:" + accountId,
                "owner:itest-agent prop:born" + m + "=1990-04-23")) {
            JsonNode found = call("GET", "/contacts?q=" + java.net.URLEncoder.encode(query, StandardCharsets.UTF_8), agent,
                    null).json();
            assertEquals(query + ": " + found, 1, found.path("total").asInt());
        }
        assertEquals(1, call("GET", "/accounts/" + accountId + "/contacts", agent, null).json().get("total").asInt());
        assertEquals(1, call("GET", "/accounts?q=acme%20" + m, agent, null).json().get("total").asInt());
        assertEquals(409, call("DELETE", "/accounts/" + accountId, agent, null).status());
        assertEquals(409, call("PUT", "/contact-properties/born" + m, admin, "{\"type\":\"number\"}").status());

        executeAs("contacts:set " + id + " locality=Porto trade" + m + "=retail", Roles.AGENT);
        String shown = executeAs("contacts:show " + id, Roles.ANALYST);
        assertTrue(shown, shown.contains("Rua Augusta 1, Porto, PT") && shown.contains("Acme " + m)
                && shown.contains("retail") && shown.contains("1990-04-23"));
        String accounts = executeAs("accounts:show " + accountId, Roles.ANALYST);
        assertTrue(accounts, accounts.contains(m + "@example.com"));
        refused("contacts:define-property x" + m + " text", Roles.AGENT);
    }

    /** Two records of one person merged with a preview and field choices, consents combined strictly, then undone. */
    @Test
    public void twoRecordsOfOnePersonAreMergedAndSeparatedAgain() {
        String m = "m" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String agent = basic(Roles.AGENT);
        long ada = call("POST", "/contacts", agent, "{\"email\":\"" + m + "@example.com\",\"firstName\":\"Ada\","
                + "\"lastName\":\"Lovelace\",\"tags\":[\"" + m + "\"]}").json().get("id").asLong();
        long augusta = call("POST", "/contacts", agent, "{\"email\":\"" + m + "@example.org\",\"firstName\":\"Augusta\","
                + "\"lastName\":\"King\",\"phone\":\"+44 20 7946 0001\"}").json().get("id").asLong();
        assertEquals(201, call("POST", "/contacts/" + augusta + "/interactions", agent,
                "{\"channel\":\"phone\",\"direction\":\"inbound\",\"type\":\"call\",\"summary\":\"" + m + "\"}").status());
        assertEquals(201, call("POST", "/contacts/" + ada + "/consents", agent, "{\"purpose\":\"marketing\","
                + "\"channel\":\"email\",\"state\":\"granted\",\"source\":\"web form\"}").status());
        assertEquals(201, call("POST", "/contacts/" + augusta + "/consents", agent, "{\"purpose\":\"marketing\","
                + "\"channel\":\"email\",\"state\":\"withdrawn\",\"source\":\"unsubscribe link\"}").status());
        String request = "{\"survivorId\":" + ada + ",\"mergedId\":" + augusta + ",\"choices\":{\"firstName\":\"merged\"}}";
        assertEquals(201, call("POST", "/loyalty/purchases", agent, "{\"contactId\":" + augusta + ",\"eventId\":\"" + m
                + "\",\"amount\":80.00}").status());
        long points = call("GET", "/loyalty/members/" + augusta, agent, null).json().get("balance").asLong();
        assertTrue(points > 0);

        Reply preview = call("POST", "/merges/preview", basic(Roles.ANALYST), request);
        assertEquals(preview.body(), 200, preview.status());
        assertEquals("Augusta", preview.json().get("result").get("firstName").asText());
        assertEquals("+442079460001", preview.json().get("result").get("phone").asText());
        assertTrue(preview.body(), preview.json().get("participants").get("consent").asText().contains("withdrawn"));
        assertTrue(preview.body(), preview.json().get("participants").get("loyalty").asText().contains("move to member"));
        assertEquals("the preview changes nothing", "Ada", call("GET", "/contacts/" + ada, agent, null).json()
                .get("firstName").asText());

        Reply merged = call("POST", "/merges", agent, request);
        assertEquals(merged.body(), 201, merged.status());
        long mergeId = merged.json().get("id").asLong();
        assertEquals("Augusta", call("GET", "/contacts/" + ada, agent, null).json().get("firstName").asText());
        assertEquals(ada, call("GET", "/contacts/" + augusta, agent, null).json().get("mergedInto").asLong());
        assertEquals("the call moved", 1, call("GET", "/contacts/" + ada + "/timeline?channel=phone", agent, null).json()
                .get("total").asInt());
        JsonNode byOldAddress = call("GET", "/contacts?q=" + m + "@example.org", agent, null).json();
        assertEquals("the merged record's address finds the survivor", ada, byOldAddress.get("items").get(0).get("id").asLong());
        assertEquals(1, byOldAddress.get("total").asInt());
        JsonNode consent = call("GET", "/contacts/" + ada + "/consents", agent, null).json().get("current");
        assertEquals(consent.toString(), 1, consent.size());
        assertEquals("the stricter choice wins", "WITHDRAWN", consent.get(0).get("state").asText().toUpperCase());
        assertEquals("the points moved", points, call("GET", "/loyalty/members/" + ada, agent, null).json().get("balance")
                .asLong());
        assertTrue(merged.body(), merged.json().get("outcomes").get("loyalty").asText().startsWith(points + " point(s)"));
        assertEquals(409, call("POST", "/merges", agent, request).status());

        String shell = executeAs("contacts:unmerge " + mergeId, Roles.AGENT);
        assertTrue(shell, shell.contains("undone"));
        assertEquals("the points moved back", points, call("GET", "/loyalty/members/" + augusta, agent, null).json()
                .get("balance").asLong());
        assertEquals("Ada", call("GET", "/contacts/" + ada, agent, null).json().get("firstName").asText());
        assertEquals("the call moved back", 1, call("GET", "/contacts/" + augusta + "/timeline?channel=phone", agent, null)
                .json().get("total").asInt());
        assertEquals(0, call("GET", "/contacts/" + ada + "/timeline?channel=phone", agent, null).json().get("total").asInt());
        assertEquals(1, call("GET", "/contacts?q=" + m + "@example.org", agent, null).json().get("total").asInt());
        assertTrue(call("GET", "/merges/" + mergeId, agent, null).json().hasNonNull("undoneAt"));
        assertEquals("GRANTED", call("GET", "/contacts/" + ada + "/consents", agent, null).json().get("current").get(0)
                .get("state").asText().toUpperCase());
        JsonNode audit = call("GET", "/audit?subject=contact%20" + ada, basic(Roles.ADMIN), null).json();
        assertTrue(audit.toString(), audit.toString().contains("contact.merge") && audit.toString().contains("contact.unmerge"));
        String previewShell = executeAs("contacts:merge --take phone " + ada + " " + augusta, Roles.AGENT);
        assertTrue(previewShell, previewShell.contains("phone") && previewShell.contains("Nothing changed"));
    }

    /** A segment defined over HTTP, kept up to date as purchases are recorded, counted, searched and removed. */
    @Test
    public void aSegmentFollowsItsContactsAsTheyBuy() throws InterruptedException {
        String m = "s" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String agent = basic(Roles.AGENT);
        String analyst = basic(Roles.ANALYST);
        long[] ids = new long[3];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = call("POST", "/contacts", agent, "{\"email\":\"" + m + i + "@example.com\",\"tags\":[\"" + m + "\"]}")
                    .json().get("id").asLong();
        }
        String purchase = "{\"channel\":\"web\",\"direction\":\"inbound\",\"type\":\"purchase\","
                + "\"payload\":{\"amount\":\"120.00\",\"currency\":\"EUR\"}}";
        assertEquals(201, call("POST", "/contacts/" + ids[0] + "/interactions", agent, purchase).status());

        Reply bad = call("PUT", "/segments/big-" + m, analyst, "{\"condition\":\"tag:" + m + " spent>=lots\"}");
        assertEquals(bad.body(), 400, bad.status());
        assertTrue(bad.body(), bad.body().contains("word 2, 'spent>=lots'"));
        assertEquals(403, call("PUT", "/segments/big-" + m, agent, "{\"condition\":\"tag:" + m + "\"}").status());
        Reply defined = call("PUT", "/segments/big-" + m, analyst, "{\"description\":\"Spent 100 this year\","
                + "\"condition\":\"tag:" + m + " spent>=100/365d\"}");
        assertEquals(defined.body(), 200, defined.status());
        assertEquals(1, defined.json().get("members").asInt());
        assertEquals(2, call("POST", "/segments/preview", agent, "{\"condition\":\"tag:" + m + " spent<100/365d\"}")
                .json().get("members").asInt());

        // The next purchase brings its buyer in within a few seconds, with no refresh asked for.
        assertEquals(201, call("POST", "/contacts/" + ids[2] + "/interactions", agent, purchase).status());
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (call("GET", "/segments/big-" + m, agent, null).json().get("members").asInt() < 2
                && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        JsonNode members = call("GET", "/segments/big-" + m + "/members", agent, null).json();
        assertEquals(members.toString(), 2, members.get("total").asInt());
        assertEquals(ids[2], members.get("items").get(1).get("id").asLong());
        JsonNode today = call("GET", "/segments/big-" + m + "/counts", agent, null).json().get("items");
        assertEquals(today.toString(), 2, today.get(today.size() - 1).get("members").asInt());
        assertEquals(2, today.get(today.size() - 1).get("joined").asInt());
        JsonNode profile = call("GET", "/contacts/" + ids[2] + "/segments", agent, null).json();
        assertEquals(profile.toString(), "big-" + m, profile.get("segments").get(0).asText());
        assertEquals(2, call("GET", "/contacts?q=segment:big-" + m, agent, null).json().get("total").asInt());

        String shown = executeAs("segments:show big-" + m, Roles.AGENT);
        assertTrue(shown, shown.contains("spent>=100/365d") && shown.contains("Spent 100 this year"));
        String shell;
        try {
            shell = executeAs("segments:define small-" + m + " tag:" + m + " -segment:x", Roles.ANALYST);
        } catch (AssertionError e) {
            shell = e.getMessage();
        }
        assertTrue(shell, shell.contains("word 2, '-segment:x': a segment's condition cannot name another segment"));
        refused("segments:define small-" + m + " tag:" + m, Roles.AGENT);
        assertEquals(204, call("DELETE", "/segments/big-" + m, analyst, null).status());
        assertEquals(404, call("GET", "/segments/big-" + m, agent, null).status());
    }

    /** A CSV with bad rows: the good ones are kept, each bad one reported by row, column and reason. */
    @Test
    public void aCsvImportKeepsGoodRowsAndReportsEachBadOne() throws IOException {
        String m = "i" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String csv = "Email,First Name,Last Name,Phone,Tags\n"
                + m + "a@example.com,Ada,Lovelace,,imported;" + m + "\n"
                + "not-an-address,Bad,Row,,\n"
                + m + "b@example.com,Grace,Hopper,12,\n"
                + m + "c@example.com,Katherine,Johnson,+1 757 555 0199," + m + "\n"
                + m + "d@example.com,Dorothy,Vaughan,,\n";
        HttpRequest upload = HttpRequest.newBuilder(URI.create("http://localhost:" + System.getProperty(HTTP_PORT)
                + "/api/v1/contacts/import")).header("Authorization", basic(Roles.AGENT)).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build();
        HttpResponse<String> accepted;
        try {
            accepted = http.send(upload, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertEquals(accepted.body(), 202, accepted.statusCode());
        String location = accepted.headers().firstValue("Location").orElseThrow();
        String job = location.substring(location.indexOf("/api/v1") + "/api/v1".length());
        await("the import ends", () -> !"RUNNING".equals(call("GET", job, basic(Roles.AGENT), null).json().path("state").asText()));

        JsonNode report = call("GET", job, basic(Roles.AGENT), null).json();
        assertEquals(report.toString(), "DONE", report.get("state").asText());
        assertEquals(report.toString(), 3, report.get("created").asInt());
        assertEquals(report.toString(), 2, report.get("failed").asInt());
        assertEquals(3, report.get("errors").get(0).get("row").asInt());
        assertEquals("Email", report.get("errors").get(0).get("column").asText());
        assertEquals(4, report.get("errors").get(1).get("row").asInt());
        assertEquals("Phone", report.get("errors").get(1).get("column").asText());
        assertFalse("a refused row's values stay out of the report: " + report, report.toString().contains("not-an-address")
                || report.toString().contains(m + "b@example.com"));
        await("the uploaded file is deleted when its job ends", () -> {
            try (java.util.stream.Stream<java.nio.file.Path> files = Files.list(Paths.get(System.getProperty("karaf.data"),
                    "imports"))) {
                return files.findAny().isEmpty();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertEquals(2, call("GET", "/contacts?q=tag:" + m, basic(Roles.AGENT), null).json().get("total").asInt());
        JsonNode imported = call("GET", "/audit?action=contact.import&subject=import%20job%20" + report.get("id").asText(),
                basic(Roles.ADMIN), null).json().get("items");
        assertEquals(imported.toString(), 1, imported.size());
        assertEquals(imported.toString(), "itest-agent", imported.get(0).get("actor").asText());

        // The shell takes the same CSV as content, on standard input.
        String dry = executeWithInput("contacts:import --dry-run", csv, Roles.AGENT);
        assertTrue(dry, dry.contains("Dry run, nothing stored. DONE: 5 rows, 0 created, 0 updated, 3 unchanged, 2 refused"));
        assertTrue(dry, dry.contains("row 3, column Email: the value is not an email address"));
        assertFalse(dry, dry.contains("not-an-address"));

        Reply export = call("GET", "/contacts/export?format=json", basic(Roles.ADMIN), null);
        assertEquals(200, export.status());
        assertTrue(export.body(), export.body().contains("\"email\":\"" + m + "c@example.com\",\"firstName\":\"Katherine\""));
        Reply csvExport = call("GET", "/contacts/export", basic(Roles.ADMIN), null);
        assertTrue(csvExport.body(), csvExport.body().startsWith(
                "\"id\",\"email\",\"firstName\",\"lastName\",\"phone\",\"language\",\"preferredChannel\",\"tags\""));
    }

    @Test
    public void theLocationOfACreatedContactLeadsToIt() {
        Reply created = call("POST", "/contacts", basic(Roles.AGENT),
                "{\"email\":\"loc-" + UUID.randomUUID() + "@example.com\"}");
        String location = created.raw().headers().firstValue("Location").orElseThrow();

        assertEquals(location, "http://localhost:" + System.getProperty(HTTP_PORT) + "/api/v1/contacts/"
                + created.json().get("id").asLong(), location);
    }

    @Test
    public void aContactsDecisionsNameTheRuleAndRelease() {
        Reply purchase = call("POST", "/loyalty/purchases", basic(Roles.AGENT),
                "{\"contactId\": " + contactId + ", \"eventId\": \"D-" + contactId + "\", \"amount\": 1500.00}");
        assertEquals(purchase.body(), 201, purchase.status());

        Reply decisions = call("GET", "/contacts/" + contactId + "/decisions", basic(Roles.AGENT), null);

        assertEquals(decisions.body(), 200, decisions.status());
        JsonNode newest = decisions.json().get("items").get(0);
        assertEquals("loyalty.set-tier", newest.get("type").asText());
        assertEquals("Silver", newest.get("attributes").get("tier").asText());
        assertTrue(newest.toString(), newest.get("rule").asText().startsWith("LOY-"));
        assertEquals(activeRelease("loyalty").version(), newest.get("release").asLong());
        Reply badLimit = call("GET", "/contacts/" + contactId + "/decisions?limit=0", basic(Roles.AGENT), null);
        assertEquals("limit", badLimit.json().get("fields").get(0).get("field").asText());
    }

    @Test
    public void badJsonGetsA400ThatSaysWhereAndChangesNothing() {
        long before = contacts.count();
        String agent = basic(Roles.AGENT);
        Reply malformed = call("POST", "/contacts", agent, "{\"email\": \"a@example.com\",\n \"firstName\": }");
        assertEquals(400, malformed.status());
        assertEquals("malformed_json", malformed.json().get("code").asText());
        assertTrue(malformed.body(), malformed.json().get("message").asText().startsWith("malformed JSON at line 2, column"));

        Reply unknown = call("POST", "/contacts", agent, "{\"email\": \"a@example.com\", \"phone\": \"1\"}");
        assertEquals(400, unknown.status());
        assertEquals("phone", unknown.json().get("fields").get(0).get("field").asText());

        Reply invalid = call("POST", "/contacts", agent, "{\"email\": \"not-an-address\"}");
        assertEquals(400, invalid.status());
        assertEquals("validation_failed", invalid.json().get("code").asText());
        assertEquals("email", invalid.json().get("fields").get(0).get("field").asText());

        Reply wrongType = call("POST", "/loyalty/purchases", agent, "{\"contactId\": " + contactId
                + ", \"eventId\": \"W-1\", \"amount\": \"lots\"}");
        assertEquals(400, wrongType.status());
        assertEquals("'lots' is not a number", wrongType.json().get("fields").get(0).get("message").asText());

        String huge = "{\"email\": \"" + "a".repeat(2 * 1024 * 1024) + "@example.com\"}";
        Reply oversized = call("POST", "/contacts", agent, huge);
        assertEquals(413, oversized.status());
        assertEquals("payload_too_large", oversized.json().get("code").asText());

        Reply badPage = call("GET", "/contacts?limit=ten&sort=password", agent, null);
        assertEquals(400, badPage.status());
        assertEquals(2, badPage.json().get("fields").size());

        assertEquals("nothing was stored", before, contacts.count());
    }

    @Test
    public void aRevokedKeyIsRefusedOnTheNextRequest() {
        IssuedApiKey key = keys.issue("itest revoked", Set.of("contacts:read"), "itest");
        Map<String, String> withKey = Map.of("X-API-Key", key.secret());
        assertEquals(200, call("GET", "/contacts/" + contactId, withKey, null).status());
        Reply revoked = call("DELETE", "/keys/" + key.key().id(), basic(Roles.ADMIN), null);
        assertEquals(revoked.body(), 200, revoked.status());
        assertFalse(revoked.json().get("revokedAt").isNull());
        Reply refused = call("GET", "/contacts/" + contactId, withKey, null);
        assertEquals(401, refused.status());
        assertEquals("invalid_credentials", refused.json().get("code").asText());
    }

    @Test
    public void theDistributionHasNoDefaultCredentials() throws IOException {
        List<String> lines = Files.readAllLines(Paths.get(System.getProperty("karaf.etc"), "users.properties"));
        for (String line : lines) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#") || entry.startsWith("_g_")) {
                continue;
            }
            assertFalse("the example user is gone: " + entry, entry.startsWith("karaf"));
            assertTrue("passwords are stored hashed: " + entry, entry.contains("= {CRYPT}"));
        }
        assertTrue("an administrator was created at first start",
                users.find("admin").map(user -> user.roles().contains(Roles.ADMIN)).orElse(false));
        String karaf = "Basic " + Base64.getEncoder().encodeToString("karaf:karaf".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, call("GET", "/contacts", karaf, null).status());
    }

    @Test
    public void shellCommandsFollowTheSameRoles() {
        executeAs("rules:list", Roles.ANALYST);
        executeAs("contacts:list", Roles.AGENT);
        executeAs("contacts:add --email shell-" + UUID.randomUUID() + "@example.com", Roles.AGENT);
        executeAs("admin:keys", Roles.ADMIN);
        refused("rules:list", Roles.AGENT);
        refused("rules:rollback loyalty", Roles.AGENT);
        refused("contacts:add --email refused@example.com", Roles.ANALYST);
        refused("admin:users", Roles.ANALYST);
        refused("admin:keys", Roles.AGENT);

        String name = "shell-" + UUID.randomUUID().toString().substring(0, 8);
        String added = execute("admin:users --password " + PASSWORD + " add " + name + " agent");
        assertTrue(added, added.contains("User " + name + " added with roles agent"));
        String login = "Basic " + Base64.getEncoder().encodeToString((name + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertEquals(200, call("GET", "/contacts/" + contactId, login, null).status());
        execute("admin:users delete " + name);
        assertEquals("a removed user is refused at once", 401, call("GET", "/contacts/" + contactId, login, null).status());

        String issued = execute("admin:keys issue shell-partner contacts:read");
        String secret = issued.replaceAll("(?s).*(rpk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}).*", "$1");
        assertEquals(200, call("GET", "/contacts/" + contactId, Map.of("X-API-Key", secret), null).status());
    }

    /**
     * Karaf hides a command from a session whose roles its ACL does not list, so a refused command
     * is "not found"; the same commands run for the roles that may use them (above).
     */
    private void refused(String command, String role) {
        try {
            executeAs(command, role);
            fail(role + " ran " + command);
        } catch (AssertionError expected) {
            String message = expected.getMessage();
            assertTrue(message, message.contains("CommandNotFoundException") || message.contains("Insufficient credentials"));
        }
    }
}
