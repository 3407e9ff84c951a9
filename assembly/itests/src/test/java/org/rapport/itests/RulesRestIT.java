package org.rapport.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;
import org.rapport.rest.Roles;
import org.rapport.rules.api.Release;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Rules over real HTTP against the running distribution: an analyst's changes, tests and
 * rollbacks, a spreadsheet decision table, and the decisions a contact's rules made.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class RulesRestIT extends ContactTestSupport {

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

            // The static checks: a rule deciding Gold where LOY-004 decides Platinum is a conflict, a warning
            // (the scenarios refuse it).
            files.put("tiers.drl", tiers + "\nrule \"LOY-998 Gold from 15,000\"\nwhen\n"
                    + "    $m : MemberActivity( qualifyingPoints >= 15000, currentTier != \"Platinum\" )\nthen\n"
                    + "    decisions.decide(LoyaltyDecisions.SET_TIER, $m.getContactId()).with(LoyaltyDecisions.TIER, \"Gold\");\nend\n");
            JsonNode checked = call("POST", "/rules/loyalty/checks", analyst, JSON.writeValueAsString(Map.of("files", files))).json();
            JsonNode conflict = checked.get("findings").get(0);
            assertEquals(checked.toString(), false, conflict.get("refusing").asBoolean());
            assertEquals(checked.toString(), "CONFLICT", conflict.get("check").asText());
            assertEquals(checked.toString(), "tiers.drl", conflict.get("file").asText());
            assertEquals(checked.toString(), WalkingSkeletonIT.lineOf(tiers, "rule \"LOY-004"), conflict.get("line").asInt());
            assertEquals(checked.toString(), "LOY-998 Gold from 15,000", conflict.get("rules").get(1).asText());
            assertTrue(checked.toString(), conflict.get("message").asText().contains("tier Platinum / Gold"));

            files.put("tiers.drl", tiers.replace("currentTier == null, qualifyingPoints < 1000 )", "currentTier == null, qualifyingPoints < 900 )")
                    .replace("qualifyingPoints >= 1000, qualifyingPoints < 5000, currentTier", "qualifyingPoints >= 900, qualifyingPoints < 5000, currentTier"));
            // The shipped loyalty package requires every rule to be fired by a scenario: without the tiers'
            // scenarios, each tier rule is named where it is written.
            files.remove("tiers.scenarios.yaml");
            Reply uncovered = call("PUT", "/rules/loyalty", analyst, JSON.writeValueAsString(Map.of("files", files)));
            assertEquals(uncovered.body(), 422, uncovered.status());
            assertEquals(uncovered.body(), 10, uncovered.json().get("fields").size());
            String first = uncovered.json().get("fields").get(0).get("field").asText();
            assertTrue(first, first.matches("tiers\\.drl:\\d+"));
            assertTrue(uncovered.body(), uncovered.body().contains("LOY-001 Bronze for new members below 1,000 qualifying points"
                    + "\\\" is fired by no scenario"));
            assertEquals(before.version(), activeRelease("loyalty").version());
            files.put("tiers.scenarios.yaml", original.get("tiers.scenarios.yaml").asText()
                    .replace("qualifyingPoints: 999}", "qualifyingPoints: 899}"));
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
            JsonNode coverage = tests.json().get("coverage");
            assertEquals(tests.body(), 15, coverage.size());
            coverage.forEach(rule -> assertTrue(rule.toString(), rule.get("firedBy").size() > 0));
            JsonNode history = call("GET", "/rules/loyalty/releases", analyst, null).json().get("items");
            assertEquals(before.version() + 2, history.get(0).get("version").asLong());
        } finally {
            restore(before);
        }
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
}
