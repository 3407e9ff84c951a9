package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.inject.Inject;

import org.junit.Before;
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
 * A partner system's API key, with every scope a partner plausibly holds, tries to become an
 * administrator, an analyst or an agent: users, keys, features, plugins, rule deploys, retention
 * runs, erasure, exports, the audit log, cases, sales, campaigns, offers, event subscriptions and
 * other roles' data; then bodies over the limit however
 * framed. Each is refused in the error shape, stores nothing, and each refusal (and a shell
 * command a role may not run) is in the audit log with who, what, from where and why.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class HostilePartnerIT extends ContactTestSupport {

    private static final int LIMIT = 1024 * 1024;

    @Inject
    ApiKeyService keys;

    private IssuedApiKey key;
    private Map<String, String> asKey;
    private String marker;

    @Before
    public void aBroadPartnerKey() {
        marker = "p" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        key = keys.issue("itest hostile partner " + marker, Set.of("contacts:read", "contacts:write", "loyalty:read",
                "loyalty:write", "rules:read", "consents:read", "consents:write", "messages:write"), "itest");
        asKey = Map.of("X-API-Key", key.secret());
    }

    @Test
    public void everyEscalationIsRefusedAndStoresNothing() {
        activeRelease("loyalty");
        int releasesBefore = call("GET", "/rules/loyalty/releases", basic(Roles.ADMIN), null).json().get("items").size();
        String contact = "/contacts/" + contactId;
        String[][] escalations = {
            {"GET /users", null},
            {"POST /users", "{\"name\":\"" + marker + "\",\"password\":\"" + PASSWORD + "\",\"roles\":[\"admin\"]}"},
            {"PUT /users/itest-agent/roles", "{\"roles\":[\"admin\"]}"},
            {"GET /keys", null},
            {"POST /keys", "{\"name\":\"" + marker + "\",\"scopes\":[\"contacts:export\"]}"},
            {"GET /features", null},
            {"GET /plugins", null},
            {"PUT /rules/loyalty", "{\"files\": {\"" + marker + ".drl\": \"package rapport.loyalty;\"}}"},
            {"POST /rules/loyalty/rollback", "{}"},
            {"POST /privacy/retention/runs", "{\"dryRun\": false}"},
            {"PUT /privacy/holds/" + contactId, "{\"reason\": \"" + marker + "\"}"},
            {"POST " + contact + "/erasure", "{}"},
            {"GET /contacts/export?format=csv", null},
            {"GET " + contact + "/export", null},
            {"GET /audit", null},
            {"GET /loyalty/reconciliation", null},
            {"POST /loyalty/expiry-runs", "{}"},
            {"PUT /loyalty/rewards/" + marker.toUpperCase(), "{\"name\":\"Free\",\"points\":1,\"active\":true}"},
            {"PUT /contact-properties/" + marker, "{\"type\":\"text\"}"},
            {"GET /messages", null},
            {"PUT /messages/templates/" + marker + "/en", "{\"subject\":\"Hi\",\"body\":\"Hello\"}"},
            {"GET /retention/tasks", null},
            {"POST /retention/sweeps", "{}"},
            {"GET /session", null},
            {"POST /plugins/guarded/channel/email/resume", "{}"},
            {"POST /features/rapport-console/uninstall", "{}"},
            // The newer capabilities: scopes this key does not hold, and paths for people only.
            {"GET /cases", null},
            {"POST /cases/checks", "{}"},
            {"GET /leads", null},
            {"GET /opportunities", null},
            {"POST /pipeline/stalled/check", "{}"},
            {"GET /campaigns", null},
            {"POST /campaigns", "{\"name\":\"" + marker + "\",\"segment\":\"s\",\"template\":\"t\"}"},
            {"PUT /offers/" + marker.toUpperCase(), "{\"title\":\"Free\"}"},
            {"GET /inbound", null},
            {"GET /event-subscriptions", null},
            {"POST /event-subscriptions", "{\"name\":\"" + marker + "\",\"url\":\"http://127.0.0.1:9/\","
                    + "\"types\":[\"contact.created\"]}"},
            {"GET /privacy/retention/runs", null},
            {"GET /retention/sweeps", null},
        };
        List<String> wrong = new ArrayList<>();
        for (String[] escalation : escalations) {
            String[] endpoint = escalation[0].split(" ", 2);
            Reply reply = call(endpoint[0], endpoint[1], asKey, escalation[1]);
            if (reply.status() != 403) {
                wrong.add(escalation[0] + ": " + reply.status() + " " + reply.body());
            } else if (!"forbidden".equals(reply.json().get("code").asText()) || reply.json().get("message").asText().isEmpty()) {
                wrong.add(escalation[0] + ": error body " + reply.body());
            }
        }
        assertTrue("a partner key got further than a 403:\n" + String.join("\n", wrong), wrong.isEmpty());

        assertTrue("no user was created", users.find(marker).isEmpty());
        assertFalse("itest-agent is still no administrator", users.find("itest-agent").orElseThrow().roles().contains(Roles.ADMIN));
        assertTrue("no key was issued", keys.list().stream().noneMatch(k -> k.name().equals(marker)));
        assertEquals("no release was deployed", releasesBefore,
                call("GET", "/rules/loyalty/releases", basic(Roles.ADMIN), null).json().get("items").size());
        assertEquals("the contact is not erased", 200, call("GET", contact, basic(Roles.AGENT), null).status());
        assertFalse("no reward was made", call("GET", "/loyalty/rewards", basic(Roles.ADMIN), null).body()
                .contains(marker.toUpperCase()));

        List<JsonNode> audited = audit("key " + key.key().id());
        assertTrue("the first refusal of the minute is recorded: " + audited, audited.stream().anyMatch(entry ->
                entry.get("action").asText().equals("refused.access") && entry.get("subject").asText().equals("GET /api/v1/users")
                        && entry.get("after").asText().startsWith("refused from 127.0.0.1: forbidden: ")));
        assertTrue("never the secret: " + audited, audited.stream().noneMatch(entry -> entry.toString().contains(key.secret())));
    }

    @Test
    public void aRevokedKeyIsRefusedAndAudited() {
        keys.revoke(key.key().id(), "itest");

        Reply refused = call("GET", "/contacts/" + contactId, asKey, null);

        assertEquals(401, refused.status());
        assertEquals("invalid_credentials", refused.json().get("code").asText());
        List<JsonNode> audited = audit("unchecked key " + key.key().id());
        assertEquals(audited.toString(), 1, audited.size());
        assertEquals("refused.credentials", audited.get(0).get("action").asText());
        assertEquals("GET /api/v1/contacts/" + contactId, audited.get(0).get("subject").asText());
    }

    @Test
    public void bodiesOverTheLimitAre413sHoweverFramedAndAudited() throws IOException {
        byte[] csv = rows(2 * LIMIT);
        String chunked = send("/contacts/import", "text/csv", csv, true);
        String announced = send("/contacts", "application/json", ("{\"email\":\"" + marker + "@example.com\",\"firstName\":\""
                + "x".repeat(LIMIT) + "\"}").getBytes(StandardCharsets.UTF_8), false);

        assertTrue(RawHttp.head(chunked), chunked.startsWith("HTTP/1.1 413"));
        assertTrue(RawHttp.head(chunked), chunked.contains("\"code\":\"payload_too_large\""));
        assertTrue(RawHttp.head(announced), announced.startsWith("HTTP/1.1 413"));
        assertEquals("nothing stored", 0, contacts.countMatches(marker));
        assertTrue("read to the limit with the key checked", audit("key " + key.key().id()).stream()
                .anyMatch(entry -> entry.get("action").asText().equals("refused.size")
                        && entry.get("subject").asText().equals("POST /api/v1/contacts/import")));
        assertTrue("refused on its Content-Length, before the key is checked", audit("unchecked key " + key.key().id()).stream()
                .anyMatch(entry -> entry.get("action").asText().equals("refused.size")
                        && entry.get("subject").asText().equals("POST /api/v1/contacts")));
    }

    @Test
    public void aShellCommandARoleMayNotRunIsAudited() {
        refused("rules:deploy loyalty", Roles.AGENT);

        List<JsonNode> audited = audit("itest").stream()
                .filter(entry -> entry.get("action").asText().equals("refused.command")).toList();
        assertFalse("an agent's refused command is in the audit log", audited.isEmpty());
        assertTrue(audited.toString(), audited.get(0).get("after").asText().startsWith("refused from local: "));
        assertTrue("only the command's name, never its arguments: " + audited,
                audited.stream().noneMatch(entry -> entry.get("subject").asText().contains(" ")));
    }

    private List<JsonNode> audit(String actor) {
        JsonNode items = call("GET", "/audit?action=refused.&limit=100&actor=" + URLEncoder.encode(actor, StandardCharsets.UTF_8),
                basic(Roles.ADMIN), null).json().get("items");
        List<JsonNode> entries = new ArrayList<>();
        items.forEach(entries::add);
        return entries;
    }

    private byte[] rows(int bytes) {
        StringBuilder csv = new StringBuilder("email,first name\n");
        for (int i = 0; csv.length() < bytes; i++) {
            csv.append(marker).append('-').append(i).append("@example.com,Row\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private String send(String path, String type, byte[] body, boolean chunked) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("POST /api/v1" + path + " HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + key.secret()
                + "\r\nContent-Type: " + type + "\r\nConnection: close\r\n"
                + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n") + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(chunked ? RawHttp.chunks(body) : body);
        return RawHttp.exchange(request.toByteArray());
    }
}
