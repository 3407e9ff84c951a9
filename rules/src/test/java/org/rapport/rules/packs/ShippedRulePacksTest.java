package org.rapport.rules.packs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.Test;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RuleCoverage;
import org.rapport.rules.api.RuleProblem;
import org.rapport.rules.api.RuleRejectedException;
import org.rapport.rules.api.ScenarioResult;
import org.rapport.rules.impl.DroolsRulesEngine;

/**
 * Every shipped package goes through the same gate as in the server (compiled against the
 * bundles' fact models, the rule policy, every scenario beside it, scenarios required) and its
 * scenarios fire every one of its rules.
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

    /**
     * Each shipped package requires full coverage, and its scenarios fire every one of its rules
     * (counted as they run, not by name).
     */
    @Test
    public void everyShippedPackageRequiresEveryRuleToBeFiredByAScenario() {
        DroolsRulesEngine engine = ShippedRulePacks.engine();
        for (String rulePackage : List.of("loyalty", "privacy", "retention", "sales", "service", "campaigns", "offers")) {
            Map<String, String> files = ShippedRulePacks.files(rulePackage);
            assertTrue(rulePackage, files.get("package.properties").lines().anyMatch("coverage = required"::equals));
            Release release = engine.deploy(rulePackage, files, "rules/" + rulePackage, "tester");

            List<RuleCoverage> coverage = engine.coverage(rulePackage, release.version()).orElseThrow();
            assertEquals(rulePackage, release.ruleCount(), coverage.size());
            assertEquals(rulePackage, List.of(), coverage.stream().filter(c -> !c.covered()).toList());
        }
    }

    @Test
    public void aShippedPackageWithoutTheScenariosOfOneFileIsRefusedAtTheRulesItLeavesUncovered() {
        DroolsRulesEngine engine = ShippedRulePacks.engine();
        Map<String, String> files = new TreeMap<>(ShippedRulePacks.files("loyalty"));
        files.remove("tiers.scenarios.yaml");

        RuleRejectedException refused = assertThrows(RuleRejectedException.class,
                () -> engine.deploy("loyalty", files, "rules/loyalty", "tester"));

        List<RuleProblem> problems = refused.rejection().problems();
        assertEquals(problems.toString(), 10, problems.size());
        String tiers = files.get("tiers.drl");
        int bronze = tiers.substring(0, tiers.indexOf("rule \"LOY-001")).split("\n", -1).length;
        assertEquals("tiers.drl:" + bronze, problems.get(0).location());
        assertTrue(problems.get(0).message(), problems.get(0).message().startsWith(
                "rule \"LOY-001 Bronze for new members below 1,000 qualifying points\" is fired by no scenario"));
    }

    @Test
    public void aPackageWithoutScenariosIsRefused() {
        DroolsRulesEngine engine = ShippedRulePacks.engine();

        RuleRejectedException refused = assertThrows(RuleRejectedException.class, () -> engine.deploy("retention",
                Map.of("triggers.drl", ShippedRulePacks.files("retention").get("triggers.drl")), "rules/retention", "tester"));

        assertTrue(refused.getMessage(), refused.rejection().problems().get(0).message()
                .startsWith("rule package 'retention' has no scenarios"));
    }

    @Test
    public void theSalesScenariosCoverEveryRule() {
        DroolsRulesEngine engine = ShippedRulePacks.engine();
        Release release = engine.deploy("sales", ShippedRulePacks.files("sales"), "rules/sales", "tester");

        assertEquals(20, release.ruleCount());
        Map<String, String> files = ShippedRulePacks.files("sales");
        String scenarios = files.get("scoring.scenarios.yaml") + files.get("routing.scenarios.yaml")
                + files.get("stalled.scenarios.yaml");
        for (String rule : List.of("SCORE-001", "SCORE-002", "SCORE-003", "SCORE-010", "SCORE-011", "SCORE-012",
                "SCORE-020", "SCORE-021", "SCORE-022", "SCORE-030", "SCORE-031", "GRADE-A", "GRADE-B", "GRADE-C",
                "GRADE-D", "ROUTE-001", "ROUTE-002", "ROUTE-003", "STALL-001", "STALL-002")) {
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
