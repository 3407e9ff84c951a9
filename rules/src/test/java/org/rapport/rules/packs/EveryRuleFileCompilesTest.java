package org.rapport.rules.packs;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.rapport.rules.api.Release;
import org.rapport.rules.impl.DroolsRulesEngine;

/** Every shipped package compiles against the fact models of the bundles, as in the server. */
public class EveryRuleFileCompilesTest {

    @Test
    public void everyShippedPackageCompiles() {
        List<String> packages = ShippedRulePacks.packages();
        assertTrue("rule packages found in " + ShippedRulePacks.ROOT.toAbsolutePath(), packages.contains("loyalty"));
        DroolsRulesEngine engine = ShippedRulePacks.engine();
        for (String rulePackage : packages) {
            Map<String, String> files = ShippedRulePacks.files(rulePackage);
            Release release = engine.deploy(rulePackage, files, ShippedRulePacks.ROOT.resolve(rulePackage).toString());
            assertEquals(rulePackage + " holds every file", List.copyOf(files.keySet()), release.files());
            assertTrue(rulePackage + " has rules", release.ruleCount() > 0);
        }
    }
}
