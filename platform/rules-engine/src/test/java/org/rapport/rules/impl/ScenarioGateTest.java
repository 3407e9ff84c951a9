package org.rapport.rules.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Before;
import org.junit.Test;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.RuleProblem;
import org.rapport.rules.api.RuleRejectedException;
import org.rapport.rules.api.ScenarioResult;

public class ScenarioGateTest {

    private static final String SCENARIOS = """
            # VIP from 100
            - scenario: just below the threshold
              given:
                - Customer: {id: c1, spend: 99}
              expect: []

            - scenario: at the threshold
              given:
                - Customer: {id: c2, spend: 100}
              expect:
                - shop.label: {subject: c2, label: VIP, rule: "SHOP-001 VIP from 100"}

            - scenario: two customers, one decision each
              given:
                - Customer: {id: a, spend: 500}
                - Customer: {id: b, spend: 700}
              expect:
                - shop.label: {subject: a, label: VIP}
                - shop.label: {subject: b, label: VIP}
            """;

    private DroolsRulesEngine engine;

    @Before
    public void setUp() {
        engine = new DroolsRulesEngine();
        engine.addFactModel(() -> Set.of(Customer.class), Map.of(FactModel.RULE_PACKAGE, "shop"));
    }

    @Test
    public void aReleaseWhoseScenariosPassIsAcceptedAndCanBeTestedAgain() {
        engine.deploy("shop", Map.of("vip.drl", DroolsRulesEngineTest.vipRule(100, "VIP"), "vip.scenarios.yaml", SCENARIOS),
                "test", "tester");

        List<ScenarioResult> results = engine.test("shop");

        assertEquals(3, results.size());
        assertTrue(results.toString(), results.stream().allMatch(ScenarioResult::passed));
        assertEquals("PASS vip.scenarios.yaml:7 at the threshold", results.get(1).toString());
    }

    @Test
    public void aReleaseThatFailsAScenarioIsRefusedWithTheScenarioAndWhatHappened() {
        engine.deploy("shop", Map.of("vip.drl", DroolsRulesEngineTest.vipRule(100, "VIP"), "vip.scenarios.yaml", SCENARIOS),
                "test", "tester");

        RuleRejectedException e = expectRejection(Map.of("vip.drl", DroolsRulesEngineTest.vipRule(200, "VIP"),
                "vip.scenarios.yaml", SCENARIOS));

        List<RuleProblem> problems = e.rejection().problems();
        assertEquals(1, problems.size());
        assertEquals("vip.scenarios.yaml:7: scenario 'at the threshold' failed: line 11: expected shop.label "
                + "{subject=c2, label=VIP, rule=SHOP-001 VIP from 100}, got no decision", problems.get(0).toString());
        assertEquals(1, engine.status("shop").orElseThrow().active().orElseThrow().version());
    }

    @Test
    public void anUnexpectedDecisionFailsTheScenario() {
        RuleRejectedException e = expectRejection(Map.of("vip.drl", DroolsRulesEngineTest.vipRule(50, "VIP"),
                "vip.scenarios.yaml", SCENARIOS));

        assertEquals("vip.scenarios.yaml:2: scenario 'just below the threshold' failed: unexpected shop.label "
                + "{subject=c1, label=VIP} by \"SHOP-001 VIP from 50\"", e.rejection().problems().get(0).toString());
    }

    @Test
    public void badScenarioFilesAreRefusedWithTheirLine() {
        RuleRejectedException yaml = expectRejection(Map.of("vip.drl", DroolsRulesEngineTest.vipRule(100, "VIP"),
                "x.yaml", "- scenario: a\n  given: [\n"));
        assertTrue(yaml.getMessage(), yaml.getMessage().contains("x.yaml:3: not valid YAML"));

        RuleRejectedException property = expectRejection(Map.of("vip.drl", DroolsRulesEngineTest.vipRule(100, "VIP"),
                "x.yaml", "- scenario: a\n  given:\n    - Customer: {id: c, spent: 5}\n  expect: []\n"));
        assertTrue(property.getMessage(), property.getMessage().contains(
                "x.yaml:1: scenario 'a' failed: line 3: Customer has no properties [id, spent] to build from; "
                        + "it takes (id, spend)"));

        RuleRejectedException type = expectRejection(Map.of("vip.drl", DroolsRulesEngineTest.vipRule(100, "VIP"),
                "x.yaml", "- scenario: a\n  given:\n    - Shopper: {id: c}\n  expect: []\n"));
        assertTrue(type.getMessage(), type.getMessage().contains("unknown fact type 'Shopper'; known: Customer"));

        RuleRejectedException key = expectRejection(Map.of("vip.drl", DroolsRulesEngineTest.vipRule(100, "VIP"),
                "x.yaml", "- scenario: a\n  given: []\n  expects: []\n"));
        assertTrue(key.getMessage(), key.getMessage().contains("x.yaml:3: unknown key 'expects'"));
    }

    private RuleRejectedException expectRejection(Map<String, String> files) {
        return assertThrows("the candidate must be refused", RuleRejectedException.class,
                () -> engine.deploy("shop", files, "test", "tester"));
    }
}
