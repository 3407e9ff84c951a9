package org.rapport.rules.packs;

import static org.junit.Assert.assertEquals;

import java.math.BigDecimal;
import java.util.List;

import org.junit.BeforeClass;
import org.junit.Test;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.loyalty.facts.MemberActivity;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.Evaluation;
import org.rapport.rules.impl.DroolsRulesEngine;

/**
 * The default programme: Bronze below 1,000 of spend in the last 12 months, Silver from 1,000,
 * Gold from 5,000, Platinum from 20,000. Each line: spend, expected tier, expected rule.
 */
public class LoyaltyTiersTest {

    private static final String[][] SCENARIOS = {
        {"0.00", "Bronze", "LOY-001 Bronze below 1,000 of spend in 12 months"},
        {"999.99", "Bronze", "LOY-001 Bronze below 1,000 of spend in 12 months"},
        {"1000.00", "Silver", "LOY-002 Silver from 1,000 of spend in 12 months"},
        {"1200.00", "Silver", "LOY-002 Silver from 1,000 of spend in 12 months"},
        {"4999.99", "Silver", "LOY-002 Silver from 1,000 of spend in 12 months"},
        {"5000.00", "Gold", "LOY-003 Gold from 5,000 of spend in 12 months"},
        {"19999.99", "Gold", "LOY-003 Gold from 5,000 of spend in 12 months"},
        {"20000.00", "Platinum", "LOY-004 Platinum from 20,000 of spend in 12 months"},
        {"1000000.00", "Platinum", "LOY-004 Platinum from 20,000 of spend in 12 months"},
    };

    private static DroolsRulesEngine engine;

    @BeforeClass
    public static void deployShippedRules() {
        engine = ShippedRulePacks.engine();
        engine.deploy("loyalty", ShippedRulePacks.files("loyalty"), "rules/loyalty");
    }

    @Test
    public void eachSpendGetsExactlyOneTierFromTheRightRule() {
        for (String[] scenario : SCENARIOS) {
            long contactId = 7;
            MemberActivity member = new MemberActivity(contactId, new BigDecimal(scenario[0]), 3, null);

            Evaluation evaluation = engine.evaluate("loyalty", List.of(member));

            List<Decision> tiers = evaluation.decisions(LoyaltyDecisions.SET_TIER, contactId);
            assertEquals("spend " + scenario[0] + " gets one tier decision", 1, tiers.size());
            assertEquals("tier for spend " + scenario[0], scenario[1], tiers.get(0).attribute(LoyaltyDecisions.TIER));
            assertEquals("rule for spend " + scenario[0], scenario[2], tiers.get(0).rule());
        }
    }

    @Test
    public void aBatchOfMembersIsDecidedMemberByMember() {
        List<MemberActivity> members = List.of(
                new MemberActivity(1, new BigDecimal("10"), 1, null),
                new MemberActivity(2, new BigDecimal("6000"), 4, "Silver"),
                new MemberActivity(3, new BigDecimal("25000"), 9, "Gold"));

        Evaluation evaluation = engine.evaluate("loyalty", members);

        assertEquals(3, evaluation.decisions().size());
        assertEquals("Bronze", evaluation.decisions(LoyaltyDecisions.SET_TIER, 1).get(0).attribute("tier"));
        assertEquals("Gold", evaluation.decisions(LoyaltyDecisions.SET_TIER, 2).get(0).attribute("tier"));
        assertEquals("Platinum", evaluation.decisions(LoyaltyDecisions.SET_TIER, 3).get(0).attribute("tier"));
    }
}
