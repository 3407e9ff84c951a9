package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.rapport.contacts.api.NewContact;
import org.rapport.rest.Roles;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The platform's side of the REST API over real HTTP against the running distribution: health,
 * the OpenAPI document, the console's endpoints, the error format for bad input, plugins and
 * features as an administrator sees them.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class PlatformRestIT extends ContactTestSupport {

    @Inject
    BundleContext bundleContext;
    @Inject
    org.apache.karaf.features.FeaturesService features;

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
}
