package org.rapport.rules.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.junit.Before;
import org.junit.Test;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.FactSource;
import org.rapport.rules.api.Impact;
import org.rapport.rules.api.RuleRejectedException;

public class PreviewTest {

    private static final Map<String, Object> SHOP = Map.of(FactModel.RULE_PACKAGE, "shop");

    private DroolsRulesEngine engine;
    private int batches;

    @Before
    public void setUp() {
        engine = new DroolsRulesEngine();
        engine.addFactModel(() -> Set.of(Customer.class), SHOP);
        List<Customer> stored = new ArrayList<>();
        for (int spend = 0; spend < 2500; spend++) {
            stored.add(new Customer("c" + spend, spend));
        }
        FactSource source = (size, batch) -> {
            for (int i = 0; i < stored.size(); i += size) {
                batches++;
                batch.accept(stored.subList(i, Math.min(stored.size(), i + size)));
            }
        };
        engine.addFactSource(source, SHOP);
        engine.deploy("shop", Map.of("vip.drl", DroolsRulesEngineTest.vipRule(100, "VIP")), "test", "tester");
    }

    @Test
    public void countsWhatACandidateWouldChangeWithoutApplyingIt() {
        Impact impact = engine.preview("shop", Map.of("vip.drl", DroolsRulesEngineTest.vipRule(200, "VIP")));

        assertEquals(1, impact.activeRelease());
        assertEquals(2500, impact.facts());
        assertEquals(3, batches);
        assertEquals(Map.of("shop.label: label=VIP -> (none)", 100L), impact.changes());
        assertEquals(List.of("c100", "c101", "c102", "c103", "c104"), impact.samples().get("shop.label: label=VIP -> (none)"));
        assertEquals(1, engine.status("shop").orElseThrow().active().orElseThrow().version());
    }

    @Test
    public void reportsChangedAttributesAsFromAndTo() {
        Impact impact = engine.preview("shop", Map.of("vip.drl", DroolsRulesEngineTest.vipRule(50, "Gold")));

        assertEquals(Map.of("shop.label: label=VIP -> label=Gold", 2400L, "shop.label: (none) -> label=Gold", 50L),
                impact.changes());
        assertEquals(2450, impact.changed());
    }

    @Test
    public void aCandidateThatFailsTheGateIsRefusedAndLeavesThePackageAsItWas() {
        RuleRejectedException expected = assertThrows("a broken candidate cannot be previewed",
                RuleRejectedException.class, () -> engine.preview("shop", Map.of("vip.drl", "rule broken")));
        assertEquals("preview", expected.rejection().origin());
        assertFalse(engine.status("shop").orElseThrow().lastRejection().isPresent());
    }

    @Test
    public void aSourceThatLeavesSubjectsOutSaysWhyAndThePreviewCountsThem() {
        // A second source over the same package: it keeps back every customer whose id ends in 7, as a gate would.
        List<Customer> more = List.of(new Customer("d1", 500), new Customer("d7", 500), new Customer("d17", 500));
        engine.addFactSource(new FactSource() {
            @Override
            public void forEachBatch(int size, Consumer<List<?>> batch) {
                throw new AssertionError("the engine asks for what may be evaluated");
            }

            @Override
            public long count() {
                return more.size();
            }

            @Override
            public void forEachBatch(int size, Consumer<List<?>> batch, LeftOut leftOut) {
                List<Customer> seen = more.stream().filter(c -> !c.getId().endsWith("7")).toList();
                leftOut.leftOut("blocked by the consent gate for purpose 'profiling'", more.size() - seen.size());
                batch.accept(seen);
            }
        }, SHOP);

        long[] last = new long[2];
        Impact impact = engine.preview("shop", Map.of("vip.drl", DroolsRulesEngineTest.vipRule(200, "VIP")),
                (done, total) -> {
                    last[0] = done;
                    last[1] = total;
                });

        assertEquals(2501, impact.facts());
        assertEquals("those left out count as done (of a total the first source cannot tell)", List.of(2503L, -1L),
                List.of(last[0], last[1]));
        assertEquals(Map.of("blocked by the consent gate for purpose 'profiling'", 2L), impact.leftOut());
        assertEquals(2, impact.leftOutTotal());
    }
}
