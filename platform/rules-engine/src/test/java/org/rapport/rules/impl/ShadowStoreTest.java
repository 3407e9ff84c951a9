package org.rapport.rules.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.Rule;
import org.junit.Test;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.Shadow;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** Shadows kept in the database: they survive a restart and run on every node sharing it. */
@Category(UsesDatabase.class)
public class ShadowStoreTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-rules");

    private static final Map<String, String> CANDIDATE = Map.of("vip.drl", DroolsRulesEngineTest.vipRule(200, "VIP"));

    private DroolsRulesEngine node() {
        return node(new JpaReleaseStore(db.emf()));
    }

    private DroolsRulesEngine node(ReleaseStore store) {
        DroolsRulesEngine engine = new DroolsRulesEngine(store, Clock.systemUTC());
        engine.addFactModel(() -> Set.of(Customer.class), Map.of(FactModel.RULE_PACKAGE, "shop"));
        return engine;
    }

    /** A live evaluation the shadow (VIP from 200) decides differently: customer a spends 150. */
    private static void purchase(DroolsRulesEngine node) {
        node.evaluate("shop", List.of(new Customer("a", 150)));
    }

    @Test
    public void aShadowSurvivesARestartAndKeepsComparing() {
        DroolsRulesEngine before = node();
        before.deploy("shop", Map.of("vip.drl", DroolsRulesEngineTest.vipRule(100, "VIP")), "test", "tester");
        Shadow started = before.startShadow("shop", CANDIDATE, "analyst's folder");
        purchase(before);
        before.sync();
        purchase(before);

        DroolsRulesEngine after = node();

        Shadow restored = after.shadow("shop").orElseThrow();
        assertEquals(started.hash(), restored.hash());
        assertEquals("analyst's folder", restored.origin());
        assertEquals(started.since(), restored.since());
        assertEquals("what was counted before the restart and stored is kept; the last one was not stored yet", 1,
                restored.evaluations());
        purchase(after);
        purchase(after);
        Shadow counted = after.shadow("shop").orElseThrow();
        assertEquals(3, counted.evaluations());
        assertEquals(Map.of("shop.label: label=VIP -> (none)", 3L), counted.differences().changes());
        assertEquals(3, counted.differences().facts());
        assertEquals(Map.of("shop.label: label=VIP -> (none)", List.of("a")), counted.differences().samples());

        Release promoted = after.promoteShadow("shop", "ada");
        assertEquals(2, promoted.version());
        assertFalse("a promoted shadow is gone from the database too", node().shadow("shop").isPresent());
    }

    @Test
    public void aShadowStartedOnOneNodeRunsOnTheOtherUntilDroppedThere() {
        DroolsRulesEngine nodeA = node();
        AtomicInteger filesRead = new AtomicInteger();
        DroolsRulesEngine nodeB = node(new JpaReleaseStore(db.emf()) {
            @Override
            public Optional<StoredShadow> shadow(String rulePackage) {
                filesRead.incrementAndGet();
                return super.shadow(rulePackage);
            }
        });
        nodeA.deploy("shop", Map.of("vip.drl", DroolsRulesEngineTest.vipRule(100, "VIP")), "test", "tester");
        nodeB.sync();

        Shadow started = nodeA.startShadow("shop", CANDIDATE, "analyst's folder");
        assertFalse("not before node B looks", nodeB.shadow("shop").isPresent());
        nodeB.sync();
        nodeB.sync();
        nodeB.sync();
        assertEquals("a shadow's files are read when it is new to the node, not at every sync", 1, filesRead.get());

        assertEquals(started.hash(), nodeB.shadow("shop").orElseThrow().hash());
        purchase(nodeB);
        assertEquals(1, nodeB.shadow("shop").orElseThrow().differences().changed());
        assertEquals("not before node B stores its counts", 0, nodeA.shadow("shop").orElseThrow().evaluations());
        purchase(nodeA);
        purchase(nodeA);
        nodeB.sync();
        nodeA.sync();
        for (DroolsRulesEngine node : List.of(nodeA, nodeB)) {
            Shadow both = node.shadow("shop").orElseThrow();
            assertEquals("each node shows what both counted", 3, both.evaluations());
            assertEquals(3, both.differences().changed());
        }

        Shadow replaced = nodeB.startShadow("shop", Map.of("vip.drl", DroolsRulesEngineTest.vipRule(50, "VIP")), "bob");
        nodeA.sync();
        assertEquals(replaced.hash(), nodeA.shadow("shop").orElseThrow().hash());

        nodeA.dropShadow("shop");
        nodeB.sync();
        assertFalse(nodeB.shadow("shop").isPresent());
    }

    @Test
    public void aStoredShadowThatDoesNotBuildHereIsLeftAloneAndTheLiveResultStands() {
        DroolsRulesEngine nodeA = node();
        nodeA.deploy("shop", Map.of("vip.drl", DroolsRulesEngineTest.vipRule(100, "VIP")), "test", "tester");
        // What another node stored and this one cannot build (written to the table directly).
        new JpaReleaseStore(db.emf()).saveShadow(new StoredShadow("shop", "0".repeat(64), "broken",
                Instant.parse("2026-12-01T10:00:00Z"), Map.of("vip.drl", "rule \"x\" when nonsense( then end")));

        nodeA.sync();
        nodeA.sync();

        assertFalse(nodeA.shadow("shop").isPresent());
        assertEquals(1, nodeA.evaluate("shop", List.of(new Customer("a", 150))).decisions().size());
    }
}
