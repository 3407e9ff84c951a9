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
import javax.inject.Inject;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.rapport.rest.Roles;
import org.rapport.rest.security.ApiKeyService;
import org.rapport.rest.security.IssuedApiKey;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Who may call what, over real HTTP against the running distribution: a role by endpoint
 * matrix, API key revocation, TLS, no default credentials, and the same roles on the shell
 * commands.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class AccessRestIT extends ContactTestSupport {

    @Inject
    ApiKeyService keys;

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
            {"GET /event-subscriptions", 401, 200, 403, 403, 403, 403},
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
            {"GET /inbound", 401, 200, 200, 200, 403, 403},
            {"GET /inbound/addresses", 401, 200, 200, 200, 403, 403},
            {"DELETE /inbound/addresses/nobody@example.invalid", 401, 404, 403, 404, 403, 403},
            // A gateway's webhook: the signature is the only credential, and no sign-in stands in for it.
            {"POST /inbound/sms", 401, 401, 401, 401, 401, 401},
            {"GET /plugins/guarded", 401, 200, 403, 403, 403, 403},
            {"POST /plugins/guarded/channel/email/resume", 401, 409, 403, 403, 403, 403},
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
            {"GET /features/rapport-console", 401, 200, 403, 403, 403, 403},
            {"POST /features/rapport-rest/uninstall", 401, 409, 403, 403, 403, 403},
            {"GET /plugins/uploads", 401, 200, 403, 403, 403, 403},
            {"GET /plugins/archives", 401, 200, 403, 403, 403, 403},
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
}
