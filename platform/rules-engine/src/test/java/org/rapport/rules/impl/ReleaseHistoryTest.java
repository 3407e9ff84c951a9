package org.rapport.rules.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.Rule;
import org.junit.Test;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RulePackageStatus.State;
import org.rapport.rules.api.RulesUnavailableException;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

@Category(UsesDatabase.class)
public class ReleaseHistoryTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-rules");

    private static final FactModel SHOP_FACTS = () -> Set.of(Customer.class);
    private static final Map<String, Object> SHOP = Map.of(FactModel.RULE_PACKAGE, "shop");

    private DroolsRulesEngine start() {
        return new DroolsRulesEngine(new JpaReleaseStore(db.emf()), Clock.systemUTC());
    }

    private static String label(DroolsRulesEngine engine, int spend) {
        return engine.evaluate("shop", List.of(new Customer("c", spend))).decisions().get(0).attribute("label");
    }

    @Test
    public void aReleasesNotesAreStoredAndItIsRestoredThoughTheChecksNowRefuseIt() throws Exception {
        FactModel members = () -> Set.of(Member.class);
        Map<String, Object> club = Map.of(FactModel.RULE_PACKAGE, "club");
        String gap = java.nio.file.Files.readString(RuleChecksTest.CORPUS.resolve("gap-declared.drl"));
        DroolsRulesEngine before = start();
        before.configure(EngineConfigs.config(1000, 10_000, Map.of("checkGap", "warn")));
        before.addFactModel(members, club);
        Release accepted = before.deploy("club", Map.of("tiers.drl", gap), "test", "tester");
        assertEquals(1, accepted.notes().size());
        assertTrue(accepted.notes().get(0), accepted.notes().get(0).startsWith("tiers.drl:6: warning: gap: "));

        DroolsRulesEngine after = start(); // the shipped configuration: a gap refuses
        assertEquals(accepted.notes(), after.history("club").get(0).notes());
        after.addFactModel(members, club);
        assertEquals(accepted, after.status("club").get().active().orElseThrow());
    }

    @Test
    public void historySurvivesARestartAndTheLatestReleaseComesBack() {
        DroolsRulesEngine before = start();
        before.addFactModel(SHOP_FACTS, SHOP);
        before.deploy("shop", Map.of("vip.drl", DroolsRulesEngineTest.vipRule(100, "A")), "test", "tester");
        Release second = before.deploy("shop", Map.of("vip.drl", DroolsRulesEngineTest.vipRule(100, "B")), "test", "ada");

        DroolsRulesEngine after = start();

        assertEquals(State.WAITING, after.status("shop").get().state());
        assertEquals(List.of(2L, 1L), versions(after.history("shop")));
        after.addFactModel(SHOP_FACTS, SHOP);
        Release active = after.status("shop").get().active().orElseThrow();
        assertEquals(2, active.version());
        assertEquals(second.hash(), active.hash());
        assertEquals("ada", active.author());
        assertEquals("B", label(after, 150));
        assertEquals(List.of(2L, 1L), versions(after.history("shop")));
    }

    @Test
    public void twoNodesOnOneDatabaseNumberTheirReleasesInOneSequenceAndFollowEachOther() {
        DroolsRulesEngine nodeA = start();
        DroolsRulesEngine nodeB = start();
        nodeA.addFactModel(SHOP_FACTS, SHOP);
        nodeB.addFactModel(SHOP_FACTS, SHOP);

        nodeA.deploy("shop", Map.of("vip.drl", DroolsRulesEngineTest.vipRule(100, "A")), "test", "ada");
        // The database's unique (package, version) index turns node B's second "v1" away; B takes v2.
        Release fromB = nodeB.deploy("shop", Map.of("vip.drl", DroolsRulesEngineTest.vipRule(100, "B")), "test", "bob");
        nodeA.sync();

        assertEquals(2, fromB.version());
        assertEquals(List.of(2L, 1L), versions(nodeA.history("shop")));
        assertEquals("B", label(nodeA, 150));
        assertEquals(2, nodeA.status("shop").get().active().orElseThrow().version());
    }

    @Test
    public void rollbackActivatesEarlierFilesAsANewRelease() {
        DroolsRulesEngine engine = start();
        engine.addFactModel(SHOP_FACTS, SHOP);
        engine.deploy("shop", Map.of("vip.drl", DroolsRulesEngineTest.vipRule(100, "A")), "test", "tester");
        engine.deploy("shop", Map.of("vip.drl", DroolsRulesEngineTest.vipRule(100, "B")), "test", "tester");

        Release rolledBack = engine.rollback("shop", 1, "tester");

        assertEquals(3, rolledBack.version());
        assertEquals("rollback to v1", rolledBack.origin());
        assertEquals("tester", rolledBack.author());
        assertEquals("A", label(engine, 150));
        assertEquals(engine.files("shop", 1), engine.files("shop", 3));
        assertEquals(List.of(3L, 2L, 1L), versions(start().history("shop")));
        IllegalArgumentException expected = assertThrows("there is no release 9", IllegalArgumentException.class,
                () -> engine.rollback("shop", 9, "tester"));
        assertEquals("rule package 'shop' has no release 9", expected.getMessage());
    }

    @Test
    public void aBundlesRulePackLivesAndGoesWithItsBundle() {
        String bundle = Release.BUNDLE_ORIGIN + "partner.pack/1.0.0";
        Map<String, String> pack = Map.of("vip.drl", DroolsRulesEngineTest.vipRule(100, "P"));
        DroolsRulesEngine engine = start();
        engine.addFactModel(SHOP_FACTS, SHOP);
        Release release = engine.deploy("shop", pack, bundle, "partner.pack");

        assertTrue(release.fromBundle());
        assertFalse("only what the bundle brought is withdrawn", engine.withdraw("shop", "elsewhere"));
        assertTrue(engine.withdraw("shop", bundle));
        assertEquals(State.WITHDRAWN, engine.status("shop").get().state());
        RulesUnavailableException expected = assertThrows("a withdrawn package does not decide",
                RulesUnavailableException.class, () -> engine.evaluate("shop", List.of(new Customer("c", 150))));
        assertTrue(expected.getMessage(), expected.getMessage().contains("WITHDRAWN"));
        assertEquals("the bundle's return brings the same release back", release,
                engine.deploy("shop", pack, bundle, "partner.pack"));
        assertEquals("P", label(engine, 150));

        DroolsRulesEngine restarted = start();
        restarted.addFactModel(SHOP_FACTS, SHOP);
        assertEquals("a bundle's release waits for its bundle after a restart", State.WITHDRAWN,
                restarted.status("shop").get().state());
        assertEquals(release, restarted.deploy("shop", pack, bundle, "partner.pack"));
        restarted.deploy("shop", Map.of("vip.drl", DroolsRulesEngineTest.vipRule(100, "Q")), "REST API", "ada");
        assertFalse("a release deployed since is left alone", restarted.withdraw("shop", bundle));
        assertEquals("Q", label(restarted, 150));
    }

    private static List<Long> versions(List<Release> releases) {
        return releases.stream().map(Release::version).collect(Collectors.toList());
    }
}
