package org.rapport.rules.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Rule;
import org.junit.Test;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RuleCoverage;
import org.rapport.rules.api.RuleProblem;
import org.rapport.rules.api.RuleRejectedException;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/**
 * The gate's demands on scenarios: a package must have some (unless exempted), what they fire is
 * recorded with the release, and a package can require each of its rules to be fired.
 */
@Category(UsesDatabase.class)
public class CoverageGateTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-rules");

    /** Two rules: VIP from 100, and a line for big spenders from 1,000. */
    private static final String RULES = DroolsRulesEngineTest.vipRule(100, "VIP") + "\n"
            + "rule \"SHOP-002 Big spender from 1,000\"\n"
            + "when\n"
            + "    $c : Customer( spend >= 1000 )\n"
            + "then\n"
            + "    decisions.decide(\"shop.big\", $c.getId());\n"
            + "end\n";

    private static final String VIP_ONLY = """
            - scenario: a VIP
              given:
                - Customer: {id: c1, spend: 150}
              expect:
                - shop.label: {subject: c1, label: VIP}
            """;

    private static final String BOTH = VIP_ONLY + """

            - scenario: a big spender
              given:
                - Customer: {id: c2, spend: 1500}
              expect:
                - shop.label: {subject: c2, label: VIP}
                - shop.big: {subject: c2}
            """;

    private DroolsRulesEngine engine(boolean requireScenarios) {
        DroolsRulesEngine engine = new DroolsRulesEngine(new JpaReleaseStore(db.emf()), Clock.systemUTC());
        if (requireScenarios) {
            engine.requireScenarios();
        }
        engine.addFactModel(() -> Set.of(Customer.class), Map.of(FactModel.RULE_PACKAGE, "shop"));
        return engine;
    }

    private static List<RuleProblem> refusal(DroolsRulesEngine engine, Map<String, String> files) {
        return assertThrows(RuleRejectedException.class, () -> engine.deploy("shop", files, "test", "tester"))
                .rejection().problems();
    }

    @Test
    public void aPackageWithoutScenariosIsRefusedWhenScenariosAreRequired() {
        DroolsRulesEngine engine = engine(true);

        List<RuleProblem> problems = refusal(engine, Map.of("vip.drl", RULES));
        List<RuleProblem> empty = refusal(engine, Map.of("vip.drl", RULES, "vip.scenarios.yaml", "# none yet\n"));

        assertEquals(problems.toString(), 1, problems.size());
        assertTrue(problems.toString(), problems.get(0).message().startsWith("rule package 'shop' has no scenarios"));
        assertTrue(problems.toString(), problems.get(0).message().contains("scenariosOptional"));
        assertEquals("a file holding no scenario is no scenario", problems, empty);
        assertFalse(engine.status("shop").orElseThrow().active().isPresent());
        engine.deploy("shop", Map.of("vip.drl", RULES, "vip.scenarios.yaml", VIP_ONLY), "test", "tester");
    }

    @Test
    public void anExemptPackageOrAnEngineThatRequiresNothingPassesWithoutScenarios() {
        DroolsRulesEngine engine = engine(false);
        engine.configure(exempting("shop"));

        Release release = engine.deploy("shop", Map.of("vip.drl", RULES), "test", "tester");

        assertEquals(1, release.version());
        engine.configure(exempting("elsewhere"));
        assertEquals(1, refusal(engine, Map.of("vip.drl", RULES + "\n// changed\n")).size());
    }

    @Test
    public void aReleaseAcceptedWithoutScenariosKeepsServingAndCanBeRolledBackTo() {
        DroolsRulesEngine before = engine(false);
        before.deploy("shop", Map.of("vip.drl", RULES), "test", "tester");
        before.deploy("shop", Map.of("vip.drl", RULES, "vip.scenarios.yaml", VIP_ONLY), "test", "tester");

        DroolsRulesEngine after = engine(true);
        Release back = after.rollback("shop", 1, "ada");

        assertEquals(3, back.version());
        assertEquals(List.of(), after.check("shop", Map.of("vip.drl", RULES, "vip.scenarios.yaml", VIP_ONLY)));
        assertEquals("the editor's check holds a new candidate to the same demands", 1,
                after.check("shop", Map.of("vip.drl", RULES + "\n// changed\n")).size());
    }

    @Test
    public void eachReleaseRecordsWhichScenariosFiredWhichRule() {
        DroolsRulesEngine engine = engine(true);
        Release release = engine.deploy("shop", Map.of("vip.drl", RULES, "vip.scenarios.yaml", BOTH), "test", "tester");

        List<RuleCoverage> coverage = engine(true).coverage("shop", release.version()).orElseThrow();

        assertEquals(List.of(
                new RuleCoverage("SHOP-001 VIP from 100", "vip.drl", 5,
                        List.of("vip.scenarios.yaml:1 a VIP", "vip.scenarios.yaml:7 a big spender")),
                new RuleCoverage("SHOP-002 Big spender from 1,000", "vip.drl", 12,
                        List.of("vip.scenarios.yaml:7 a big spender"))), coverage);
        Release partly = engine.deploy("shop", Map.of("vip.drl", RULES, "vip.scenarios.yaml", VIP_ONLY), "test", "tester");
        RuleCoverage uncovered = engine.coverage("shop", partly.version()).orElseThrow().get(1);
        assertFalse(uncovered.covered());
        assertEquals("NOT COVERED vip.drl:12 SHOP-002 Big spender from 1,000", uncovered.toString());
        assertTrue(engine.coverage("shop", 99).isEmpty());
    }

    @Test
    public void aPackageThatRequiresFullCoverageRefusesARuleNoScenarioFiresAtItsLine() {
        DroolsRulesEngine engine = engine(true);
        Map<String, String> partly = Map.of("vip.drl", RULES, "vip.scenarios.yaml", VIP_ONLY,
                "package.properties", "# every rule is tested\ncoverage = required\n");

        List<RuleProblem> problems = refusal(engine, partly);

        assertEquals(List.of(new RuleProblem("vip.drl", 12, 0, "rule \"SHOP-002 Big spender from 1,000\" is fired by "
                + "no scenario; package.properties (coverage = required) asks for every rule to be fired by at least one")),
                problems);
        Release covered = engine.deploy("shop", Map.of("vip.drl", RULES, "vip.scenarios.yaml", BOTH,
                "package.properties", "coverage = required\n"), "test", "tester");
        assertTrue(covered.files().contains("package.properties"));
        assertTrue(engine.coverage("shop", covered.version()).orElseThrow().stream().allMatch(RuleCoverage::covered));
    }

    @Test
    public void packageSettingsTheEngineDoesNotKnowAreRefusedAtTheirLine() {
        DroolsRulesEngine engine = engine(false);

        assertEquals(List.of(new RuleProblem("package.properties", 2, 0,
                "unknown setting 'coverge'; a package may set: coverage")),
                refusal(engine, Map.of("vip.drl", RULES, "package.properties", "\ncoverge = required\n")));
        assertEquals(List.of(new RuleProblem("package.properties", 1, 0,
                "coverage is 'required' or 'reported', not 'always'")),
                refusal(engine, Map.of("vip.drl", RULES, "package.properties", "coverage = always\n")));
    }

    @Test
    public void aDecisionTableRuleIsLocatedAtItsRow() {
        DroolsRulesEngine engine = engine(false);
        Release release = engine.deploy("shop", Map.of("labels.csv", DecisionTablesTest.csv(DecisionTablesTest.LABELS),
                "labels.scenarios.yaml", "- scenario: gold\n  given:\n    - Customer: {id: g, spend: 700}\n"
                        + "  expect:\n    - shop.label: {subject: g, label: Gold}\n"), "test", "tester");

        List<RuleCoverage> coverage = engine.coverage("shop", release.version()).orElseThrow();

        assertEquals(List.of(new RuleCoverage("SHOP-T1 Silver", "labels.csv", 10, List.of()),
                new RuleCoverage("SHOP-T2 Gold", "labels.csv", 11, List.of("labels.scenarios.yaml:1 gold"))), coverage);
    }

    private static RulesEngineConfig exempting(String rulePackage) {
        RulesEngineConfig limits = EngineConfigs.limits(1000, 10_000);
        return (RulesEngineConfig) java.lang.reflect.Proxy.newProxyInstance(RulesEngineConfig.class.getClassLoader(),
                new Class<?>[] {RulesEngineConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "requireScenarios" -> true;
                    case "scenariosOptional" -> new String[] {rulePackage};
                    default -> method.invoke(limits, args);
                });
    }
}
