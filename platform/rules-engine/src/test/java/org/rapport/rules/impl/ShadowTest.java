package org.rapport.rules.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Before;
import org.junit.Test;
import org.rapport.rules.api.Evaluation;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RuleRejectedException;
import org.rapport.rules.api.Shadow;

public class ShadowTest {

    private DroolsRulesEngine engine;

    @Before
    public void setUp() {
        engine = new DroolsRulesEngine();
        engine.addFactModel(() -> Set.of(Customer.class), Map.of(FactModel.RULE_PACKAGE, "shop"));
        engine.deploy("shop", Map.of("vip.drl", DroolsRulesEngineTest.vipRule(100, "VIP")), "test", "tester");
    }

    @Test
    public void aShadowCountsWhatItWouldChangeOnLiveEvaluationsAndAppliesNothing() {
        engine.startShadow("shop", Map.of("vip.drl", DroolsRulesEngineTest.vipRule(200, "VIP")), "analyst");

        Evaluation live = engine.evaluate("shop", List.of(new Customer("a", 150), new Customer("b", 250)));
        engine.evaluate("shop", List.of(new Customer("c", 50)));

        assertEquals("the live result is the active release's", 2, live.decisions().size());
        assertEquals(1, live.release().version());
        Shadow shadow = engine.shadow("shop").orElseThrow();
        assertEquals(2, shadow.evaluations());
        assertEquals(0, shadow.failures());
        assertEquals(3, shadow.differences().facts());
        assertEquals(Map.of("shop.label: label=VIP -> (none)", 1L), shadow.differences().changes());
        assertEquals(List.of("a"), shadow.differences().samples().get("shop.label: label=VIP -> (none)"));
    }

    @Test
    public void promotingDeploysTheShadowsFilesAndDroppingEndsIt() {
        engine.startShadow("shop", Map.of("vip.drl", DroolsRulesEngineTest.vipRule(200, "VIP")), "analyst");

        Release promoted = engine.promoteShadow("shop", "tester");

        assertEquals(2, promoted.version());
        assertEquals(0, engine.evaluate("shop", List.of(new Customer("a", 150))).decisions().size());
        assertFalse(engine.shadow("shop").isPresent());

        engine.startShadow("shop", Map.of("vip.drl", DroolsRulesEngineTest.vipRule(1, "VIP")), "analyst");
        assertEquals(0, engine.dropShadow("shop").orElseThrow().evaluations());
        assertFalse(engine.shadow("shop").isPresent());
        IllegalArgumentException expected = assertThrows("nothing to promote", IllegalArgumentException.class,
                () -> engine.promoteShadow("shop", "tester"));
        assertEquals("rule package 'shop' has no shadow running", expected.getMessage());
    }

    @Test
    public void aFailingShadowNeverDisturbsLiveEvaluationsAndABrokenOneNeverStarts() {
        engine.startShadow("shop", Map.of("loop.drl", DroolsRulesEngineTest.loopRule("SHOP-666 Forever")), "analyst");

        assertEquals(1, engine.evaluate("shop", List.of(new Customer("a", 150))).decisions().size());
        assertEquals(1, engine.shadow("shop").orElseThrow().failures());

        RuleRejectedException expected = assertThrows("a broken candidate cannot shadow", RuleRejectedException.class,
                () -> engine.startShadow("shop", Map.of("vip.drl", "rule broken"), "analyst"));
        assertEquals("analyst", expected.rejection().origin());
    }
}
