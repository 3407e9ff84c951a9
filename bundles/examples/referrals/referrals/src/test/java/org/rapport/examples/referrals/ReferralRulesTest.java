package org.rapport.examples.referrals;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.rapport.examples.referrals.facts.ReferralDecisions;
import org.rapport.examples.referrals.facts.ReferredPurchase;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.ScenarioResult;
import org.rapport.rules.impl.DroolsRulesEngine;

/** The rule pack the bundle carries, through Rapport's own gate: compiled, held to the policy, its scenarios run. */
public class ReferralRulesTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = ReferralRulesTest.class.getResourceAsStream("/META-INF/rules/referrals/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static DroolsRulesEngine engineWithThePack() throws IOException {
        DroolsRulesEngine engine = new DroolsRulesEngine();
        engine.addFactModel(new ReferralsFactModel(), Map.of(FactModel.RULE_PACKAGE, ReferralDecisions.RULE_PACKAGE));
        engine.deploy(ReferralDecisions.RULE_PACKAGE, Map.of("referrals.drl", resource("referrals.drl"),
                "referrals.scenarios.yaml", resource("referrals.scenarios.yaml")), "test", "test");
        return engine;
    }

    @Test
    public void thePackPassesTheGateAndItsScenarios() throws IOException {
        DroolsRulesEngine engine = engineWithThePack();

        Release release = engine.status(ReferralDecisions.RULE_PACKAGE).orElseThrow().active().orElseThrow();
        assertEquals(1, release.ruleCount());
        List<ScenarioResult> results = engine.test(ReferralDecisions.RULE_PACKAGE);
        assertEquals(3, results.size());
        assertTrue(results.toString(), results.stream().allMatch(ScenarioResult::passed));
    }

    @Test
    public void aFirstPurchaseAwardsTheReferrerNamingTheRule() throws IOException {
        List<Decision> decisions = engineWithThePack().evaluate(ReferralDecisions.RULE_PACKAGE,
                List.of(new ReferredPurchase(2, 1, 1, new BigDecimal("35.00")))).decisions();

        assertEquals(1, decisions.size());
        assertEquals("1", decisions.get(0).subject());
        assertEquals("500", decisions.get(0).attribute(ReferralDecisions.POINTS));
        assertTrue(decisions.get(0).rule().startsWith("REF-001"));
    }
}
