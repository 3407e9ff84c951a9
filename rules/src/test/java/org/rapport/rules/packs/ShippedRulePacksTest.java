package org.rapport.rules.packs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.Test;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.ScenarioResult;
import org.rapport.rules.impl.DroolsRulesEngine;

/**
 * Every shipped package goes through the same gate as in the server (compiled against the
 * bundles' fact models, the rule policy, every scenario beside it) and has scenarios at all.
 */
public class ShippedRulePacksTest {

    @Test
    public void everyShippedPackagePassesTheGateWithItsScenarios() {
        List<String> packages = ShippedRulePacks.packages();
        assertTrue("rule packages found in " + ShippedRulePacks.ROOT.toAbsolutePath(), packages.contains("loyalty"));
        DroolsRulesEngine engine = ShippedRulePacks.engine();
        for (String rulePackage : packages) {
            Map<String, String> files = ShippedRulePacks.files(rulePackage);
            Release release = engine.deploy(rulePackage, files, ShippedRulePacks.ROOT.resolve(rulePackage).toString(), "tester");
            assertEquals(rulePackage + " holds every file", List.copyOf(files.keySet()), release.files());
            assertTrue(rulePackage + " has rules", release.ruleCount() > 0);

            List<ScenarioResult> results = engine.test(rulePackage);
            assertTrue(rulePackage + " has scenarios beside its rules", !results.isEmpty());
            List<ScenarioResult> failed = results.stream().filter(r -> !r.passed()).collect(Collectors.toList());
            assertEquals(rulePackage + " scenarios", List.of(), failed);
        }
    }

    @Test
    public void theLoyaltyScenariosCoverEveryRule() {
        DroolsRulesEngine engine = ShippedRulePacks.engine();
        Release release = engine.deploy("loyalty", ShippedRulePacks.files("loyalty"), "rules/loyalty", "tester");

        assertEquals(15, release.ruleCount());
        assertEquals(24, engine.test("loyalty").size());
        Map<String, String> files = ShippedRulePacks.files("loyalty");
        String scenarios = files.get("tiers.scenarios.yaml") + files.get("earning.scenarios.yaml");
        for (String rule : List.of("LOY-001", "LOY-002", "LOY-003", "LOY-004", "LOY-010", "LOY-011", "LOY-012",
                "LOY-021", "LOY-022", "LOY-023", "EARN-001", "EARN-010", "EARN-020", "EARN-030", "EARN-040")) {
            assertTrue(rule + " is named by a scenario", scenarios.contains(rule));
        }
    }

    @Test
    public void theRetentionScenariosCoverEveryRule() {
        DroolsRulesEngine engine = ShippedRulePacks.engine();
        Release release = engine.deploy("retention", ShippedRulePacks.files("retention"), "rules/retention", "tester");

        assertEquals(9, release.ruleCount());
        String scenarios = ShippedRulePacks.files("retention").get("triggers.scenarios.yaml");
        for (String rule : List.of("RTN-001", "RTN-002", "RTN-010", "RTN-011", "RTN-020", "RTN-021", "RTN-022", "RTN-030",
                "RTN-040")) {
            assertTrue(rule + " is named by a scenario", scenarios.contains(rule));
        }
    }

    @Test
    public void theSalesScenariosCoverEveryRule() {
        DroolsRulesEngine engine = ShippedRulePacks.engine();
        Release release = engine.deploy("sales", ShippedRulePacks.files("sales"), "rules/sales", "tester");

        assertEquals(18, release.ruleCount());
        Map<String, String> files = ShippedRulePacks.files("sales");
        String scenarios = files.get("scoring.scenarios.yaml") + files.get("routing.scenarios.yaml");
        for (String rule : List.of("SCORE-001", "SCORE-002", "SCORE-003", "SCORE-010", "SCORE-011", "SCORE-012",
                "SCORE-020", "SCORE-021", "SCORE-022", "SCORE-030", "SCORE-031", "GRADE-A", "GRADE-B", "GRADE-C",
                "GRADE-D", "ROUTE-001", "ROUTE-002", "ROUTE-003")) {
            assertTrue(rule + " is named by a scenario", scenarios.contains(rule));
        }
    }

    /**
     * The loyalty tiers as a decision table, in CSV and in XLSX, decide exactly as the shipped
     * tiers.drl: the same scenarios, rule names included, pass against either.
     */
    @Test
    public void theLoyaltyTiersTableInCsvAndXlsxPassesTheShippedScenarios() {
        Map<String, String> table = ShippedRulePacks.files(ShippedRulePacks.EXAMPLES.resolve("loyalty-tiers-table"));
        String scenarios = ShippedRulePacks.files("loyalty").get("tiers.scenarios.yaml");
        for (String file : List.of("tiers.csv", "tiers.xlsx")) {
            DroolsRulesEngine engine = ShippedRulePacks.engine();
            Release release = engine.deploy("loyalty", Map.of(file, table.get(file), "tiers.scenarios.yaml", scenarios),
                    "examples/loyalty-tiers-table", "tester");

            assertEquals(file, 10, release.ruleCount());
            List<ScenarioResult> results = engine.test("loyalty");
            assertEquals(file, List.of(), results.stream().filter(r -> !r.passed()).collect(Collectors.toList()));
            assertEquals(file, 15, results.size());
        }
    }
}
