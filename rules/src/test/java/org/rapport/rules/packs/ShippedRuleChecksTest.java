package org.rapport.rules.packs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.Test;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RuleFinding;
import org.rapport.rules.api.RuleProblem;
import org.rapport.rules.impl.DroolsRulesEngine;

/**
 * The gate's static checks (conflicting rules, rules that never fire, gaps in declared decisions,
 * decision table overlaps and gaps) find nothing in the shipped packages, and find what they must
 * when a shipped package is changed the way an analyst might get it wrong.
 */
public class ShippedRuleChecksTest {

    private final DroolsRulesEngine engine = ShippedRulePacks.engine();

    @Test
    public void theShippedPackagesHaveNoFindingsAndTheirReleasesNoNotes() {
        for (String rulePackage : ShippedRulePacks.packages()) {
            Map<String, String> files = ShippedRulePacks.files(rulePackage);
            assertEquals(rulePackage, List.of(), engine.findings(rulePackage, files));
            Release release = engine.deploy(rulePackage, files, "rules/" + rulePackage, "tester");
            assertEquals(rulePackage, List.of(), release.notes());
        }
    }

    @Test
    public void theLoyaltyTiersTableExamplesHaveNoFindings() {
        for (String table : List.of("tiers.csv", "tiers.xlsx")) {
            Map<String, String> files = new TreeMap<>(ShippedRulePacks.files(ShippedRulePacks.EXAMPLES.resolve("loyalty-tiers-table")));
            files.keySet().removeIf(name -> !name.equals(table));
            assertEquals(table, List.of(), engine.findings("loyalty", files));
        }
    }

    @Test
    public void aGapInTheTiersOfNewMembersIsFoundAndRefused() {
        Map<String, String> files = new TreeMap<>(ShippedRulePacks.files("loyalty"));
        // Silver from 2,000 instead of 1,000: new members with 1,000 to 1,999 points get no tier.
        files.put("tiers.drl", files.get("tiers.drl").replace("qualifyingPoints >= 1000, qualifyingPoints < 5000, currentTier not in",
                "qualifyingPoints >= 2000, qualifyingPoints < 5000, currentTier not in"));
        List<RuleFinding> findings = engine.findings("loyalty", files);
        assertEquals(findings.toString(), 1, findings.size());
        RuleFinding gap = findings.get(0);
        assertEquals(RuleFinding.Check.GAP, gap.check());
        assertTrue(gap.toString(), gap.refusing());
        assertEquals(gap.toString(), "tiers.drl:15", gap.location());
        assertTrue(gap.toString(), gap.message().contains("qualifyingPoints in [1000, 1999]"));
        List<RuleProblem> problems = engine.check("loyalty", files);
        assertTrue(problems.toString(), problems.stream().anyMatch(p -> p.location().equals("tiers.drl:15")
                && p.message().startsWith("gap: no rule decides loyalty.set-tier")));
    }
}
