package org.rapport.rules.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.Before;
import org.junit.Test;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.Evaluation;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RuleEvaluationException;
import org.rapport.rules.api.RulePackageStatus;
import org.rapport.rules.api.RulePackageStatus.State;
import org.rapport.rules.api.RuleProblem;
import org.rapport.rules.api.RuleRejectedException;
import org.rapport.rules.api.RulesUnavailableException;
import org.rapport.rules.api.ScenarioResult;
import org.rapport.testing.Await;

public class DroolsRulesEngineTest {

    private static final FactModel SHOP_FACTS = () -> Set.of(Customer.class);
    private static final Map<String, Object> SHOP = Map.of(FactModel.RULE_PACKAGE, "shop");

    private DroolsRulesEngine engine;

    @Before
    public void setUp() {
        engine = new DroolsRulesEngine();
        engine.addFactModel(SHOP_FACTS, SHOP);
    }

    static String vipRule(int threshold, String label) {
        return "package shop;\n"
                + "import " + Customer.class.getName() + ";\n"
                + "global org.rapport.rules.api.Decisions decisions;\n"
                + "\n"
                + "rule \"SHOP-001 " + label + " from " + threshold + "\"\n"
                + "when\n"
                + "    $c : Customer( spend >= " + threshold + " )\n"
                + "then\n"
                + "    decisions.decide(\"shop.label\", $c.getId()).with(\"label\", \"" + label + "\");\n"
                + "end\n";
    }

    /** A rule that re-triggers itself forever. */
    static String loopRule(String name) {
        return "package shop;\n"
                + "import " + Customer.class.getName() + ";\n"
                + "rule \"" + name + "\"\n"
                + "when\n"
                + "    $c : Customer()\n"
                + "then\n"
                + "    update($c);\n"
                + "end\n";
    }

    @Test
    public void decisionsNameTheRuleAndTheRelease() {
        Release release = engine.deploy("shop", Map.of("vip.drl", vipRule(100, "VIP")), "test", "tester");

        Evaluation evaluation = engine.evaluate("shop", List.of(new Customer("c1", 150), new Customer("c2", 50)));

        assertEquals(1, release.version());
        assertEquals(1, release.ruleCount());
        assertEquals(1, evaluation.decisions().size());
        Decision decision = evaluation.decisions().get(0);
        assertEquals("shop.label", decision.type());
        assertEquals("c1", decision.subject());
        assertEquals("VIP", decision.attribute("label"));
        assertEquals("SHOP-001 VIP from 100", decision.rule());
        assertEquals("shop", decision.rulePackage());
        assertEquals(1, decision.release());
    }

    @Test
    public void aSyntaxErrorIsRefusedWithFileAndLineAndTheOldReleaseKeepsServing() {
        engine.deploy("shop", Map.of("vip.drl", vipRule(100, "VIP")), "test", "tester");
        String broken = vipRule(10, "Broken").replace("    $c : Customer( spend >= 10 )", "    $c : Customer( spend >= )");

        RuleRejectedException e = expectRejection(() -> engine.deploy("shop", Map.of("vip.drl", broken), "test", "tester"));

        RuleProblem problem = e.rejection().problems().get(0);
        assertEquals("vip.drl", problem.file());
        assertEquals(7, problem.line());
        assertTrue(problem.toString(), problem.toString().startsWith("vip.drl:7"));
        assertEquals("VIP", onlyLabel(engine.evaluate("shop", List.of(new Customer("c1", 150)))));
        assertEquals(State.ACTIVE, engine.status("shop").get().state());
        assertEquals(1, engine.status("shop").get().active().get().version());
        assertTrue(engine.status("shop").get().lastRejection().isPresent());
    }

    @Test
    public void anUnknownFactTypeIsRefused() {
        String unknown = vipRule(100, "VIP").replace("$c : Customer(", "$c : Shopper(");

        RuleRejectedException e = expectRejection(() -> engine.deploy("shop", Map.of("vip.drl", unknown), "test", "tester"));

        assertTrue(e.getMessage(), e.getMessage().contains("Shopper"));
        assertEquals(7, e.rejection().problems().get(0).line());
        assertEquals(State.FAILED, engine.status("shop").get().state());
    }

    @Test
    public void aTypeMismatchIsRefusedWhereItIsWritten() {
        String mismatch = vipRule(100, "VIP").replace("Customer( spend >= 100 )", "Customer( spend >= \"lots\" )");

        String scenarios = "- scenario: a customer\n  given:\n    - Customer: {id: c, spend: 150}\n"
                + "  expect:\n    - shop.label: {subject: c, label: VIP}\n";

        RuleRejectedException e = expectRejection(() -> engine.deploy("shop",
                Map.of("vip.drl", mismatch, "vip.scenarios.yaml", scenarios), "test", "tester"));

        assertEquals(e.getMessage(), "vip.drl:7:29", e.rejection().problems().get(0).location());
        assertTrue(e.getMessage(), e.getMessage().contains("\"lots\""));
    }

    @Test
    public void aRunawayRuleIsStoppedAndNamed() {
        engine.deploy("shop", Map.of("loop.drl", loopRule("SHOP-666 Forever")), "test", "tester");

        RuleEvaluationException e = assertThrows("a rule that re-fires forever must be stopped",
                RuleEvaluationException.class, () -> engine.evaluate("shop", List.of(new Customer("c1", 1))));
        assertEquals("SHOP-666 Forever", e.rule());
        assertTrue(e.getMessage(), e.getMessage().contains("stopped after 1000 rule firings"));
    }

    @Test
    public void aReleaseThatKeepsOverrunningIsWithdrawnForTheOneBefore() throws Exception {
        engine.deploy("shop", Map.of("vip.drl", vipRule(100, "VIP")), "test", "tester");
        Release runaway = engine.deploy("shop", Map.of("vip.drl", vipRule(100, "VIP"), "loop.drl",
                loopRule("SHOP-666 Forever")), "test", "tester");

        for (int i = 0; i < DroolsRulesEngine.OVERRUNS_BEFORE_WITHDRAWAL; i++) {
            assertThrows(RuleEvaluationException.class, () -> engine.evaluate("shop", List.of(new Customer("c1", 150))));
        }

        long deadline = System.currentTimeMillis() + 10_000;
        // The release before serves again, then the package tells why.
        while ((engine.status("shop").get().active().get().version() == runaway.version()
                || engine.status("shop").get().lastRejection().isEmpty()) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        RulePackageStatus status = engine.status("shop").get();
        Release back = status.active().get();
        assertEquals(runaway.version() + 1, back.version());
        assertEquals(Overruns.AUTHOR, back.author());
        assertTrue(back.origin(), back.origin().startsWith("rollback to v1, withdrawn v2"));
        List<RuleProblem> told = status.lastRejection().get().problems();
        assertTrue(told.toString(), told.get(0).message()
                .startsWith("v2 withdrawn: 3 evaluations overran their limits; the last: evaluation of rule package"));
        assertEquals("VIP", engine.evaluate("shop", List.of(new Customer("c1", 150))).decisions().get(0)
                .attribute("label"));
    }

    @Test
    public void anEvaluationPastItsTimeBudgetIsHaltedAndTheRuleNamed() {
        engine.configure(EngineConfigs.limits(Integer.MAX_VALUE / 10, 200));
        engine.deploy("shop", Map.of("loop.drl", loopRule("SHOP-667 Slow forever")), "test", "tester");

        long start = System.nanoTime();
        RuleEvaluationException e = assertThrows("a rule that keeps firing past the budget must be halted",
                RuleEvaluationException.class, () -> engine.evaluate("shop", List.of(new Customer("c1", 1))));
        assertEquals("SHOP-667 Slow forever", e.rule());
        assertTrue(e.getMessage(), e.getMessage().contains("halted after its time budget of 200 ms"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue("halted soon after the budget, took " + millis + " ms", millis < 5_000);
    }

    @Test
    public void aReleaseServesAtOnceAndThenCompiledToJavaDecidingAlike() throws Exception {
        DroolsRulesEngine fresh = new DroolsRulesEngine();
        fresh.configure(EngineConfigs.limits(Limits.DEFAULT.maxFiresPerFact(), Limits.DEFAULT.maxEvaluationMillis()));
        fresh.addFactModel(SHOP_FACTS, SHOP);
        fresh.deploy("shop", Map.of("vip.drl", vipRule(100, "VIP")), "test", "tester");
        // A second release right after the first: the first one's compiled form must never come back.
        String scenarios = "- scenario: a gold customer\n  given:\n    - Customer: {id: c, spend: 200}\n"
                + "  expect:\n    - shop.label: {subject: c, label: Gold}\n";
        Release second = fresh.deploy("shop", Map.of("vip.drl", vipRule(200, "Gold"), "vip.scenarios.yaml", scenarios),
                "test", "tester");
        assertEquals("serves before it is compiled", "Gold", onlyLabel(fresh.evaluate("shop", List.of(new Customer("c1", 250)))));

        awaitCompiled(fresh, "shop");

        RulePackageStatus status = fresh.status("shop").orElseThrow();
        assertEquals(second.version(), status.active().orElseThrow().version());
        Evaluation compiled = fresh.evaluate("shop", List.of(new Customer("c1", 250), new Customer("c2", 150)));
        assertEquals(second.version(), compiled.release().version());
        assertEquals("Gold", onlyLabel(compiled));
        assertEquals("SHOP-001 Gold from 200", compiled.decisions().get(0).rule());
        assertEquals(second.version(), compiled.decisions().get(0).release());
        List<ScenarioResult> results = fresh.test("shop");
        assertEquals(1, results.size());
        assertTrue(results.get(0).passed());
    }

    @Test
    public void aCompiledReleaseIsHaltedByItsLimitsAndDecidesCleanlyAfterwards() throws Exception {
        DroolsRulesEngine fresh = new DroolsRulesEngine();
        fresh.configure(EngineConfigs.limits(Integer.MAX_VALUE / 10, 200));
        fresh.addFactModel(SHOP_FACTS, SHOP);
        String loopForOne = loopRule("SHOP-668 Forever for one").replace("$c : Customer()", "$c : Customer( id == \"loop\" )");
        fresh.deploy("shop", Map.of("vip.drl", vipRule(100, "VIP"), "loop.drl", loopForOne), "test", "tester");
        awaitCompiled(fresh, "shop");

        // Fewer overruns than withdraw a release (see aReleaseThatKeepsOverrunningIsWithdrawnForTheOneBefore).
        for (int round = 0; round < DroolsRulesEngine.OVERRUNS_BEFORE_WITHDRAWAL - 1; round++) {
            RuleEvaluationException e = assertThrows("a compiled rule that keeps firing past the budget must be halted",
                    RuleEvaluationException.class, () -> fresh.evaluate("shop", List.of(new Customer("loop", 1))));
            assertEquals("SHOP-668 Forever for one", e.rule());
            // A halted evaluation leaves nothing behind: the next ones decide in full.
            for (int i = 0; i < 8; i++) {
                Evaluation next = fresh.evaluate("shop", List.of(new Customer("c" + i, 150), new Customer("d" + i, 50)));
                assertEquals("VIP", onlyLabel(next));
                assertEquals("c" + i, next.decisions().get(0).subject());
            }
        }
    }

    private static void awaitCompiled(DroolsRulesEngine engine, String rulePackage) {
        Await.until("rule package '" + rulePackage + "' compiled to Java", Duration.ofMinutes(1),
                () -> engine.status(rulePackage).orElseThrow().compiled());
    }

    @Test
    public void aPackageWaitsForItsFactModelAndCompilesWhenItArrives() {
        DroolsRulesEngine fresh = new DroolsRulesEngine();
        assertThrows("without a fact model there is nothing to compile against", RulesUnavailableException.class,
                () -> fresh.deploy("shop", Map.of("vip.drl", vipRule(100, "VIP")), "test", "tester"));
        assertEquals(State.WAITING, fresh.status("shop").get().state());

        fresh.addFactModel(SHOP_FACTS, SHOP);

        assertEquals(State.ACTIVE, fresh.status("shop").get().state());
        assertEquals("VIP", onlyLabel(fresh.evaluate("shop", List.of(new Customer("c1", 150)))));

        fresh.removeFactModel(SHOP_FACTS, SHOP);

        assertEquals(State.WAITING, fresh.status("shop").get().state());
        fresh.addFactModel(SHOP_FACTS, SHOP);
        assertEquals("the same files rebuilt are the same release", 1,
                fresh.status("shop").get().active().get().version());
        fresh.removeFactModel(SHOP_FACTS, SHOP);
        RulesUnavailableException expected = assertThrows("a package whose fact types left must not serve",
                RulesUnavailableException.class, () -> fresh.evaluate("shop", List.of(new Customer("c1", 150))));
        assertTrue(expected.getMessage(), expected.getMessage().contains("WAITING"));
    }

    @Test
    public void redeployingTheSameFilesKeepsTheRelease() {
        Release first = engine.deploy("shop", Map.of("vip.drl", vipRule(100, "VIP")), "test", "tester");
        Release again = engine.deploy("shop", Map.of("vip.drl", vipRule(100, "VIP")), "test", "tester");
        Release next = engine.deploy("shop", Map.of("vip.drl", vipRule(200, "VIP")), "test", "tester");

        assertEquals(first.version(), again.version());
        assertEquals(2, next.version());
        assertFalse(first.hash().equals(next.hash()));
    }

    @Test
    public void everyEvaluationRunsOnExactlyOneReleaseWhileReleasesSwap() throws Exception {
        // Release with odd version labels "A", even "B"; each evaluation must see only one label,
        // and that label must match the release version its decisions carry.
        engine.deploy("shop", Map.of("vip.drl", vipRule(0, "A")), "test", "tester");
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Integer>> workers = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            workers.add(pool.submit(() -> {
                int evaluations = 0;
                List<Customer> batch = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    batch.add(new Customer("c" + i, i));
                }
                while (running.get()) {
                    Evaluation e = engine.evaluate("shop", batch);
                    long version = e.release().version();
                    String expected = version % 2 == 1 ? "A" : "B";
                    assertEquals(50, e.decisions().size());
                    for (Decision d : e.decisions()) {
                        assertEquals(version, d.release());
                        assertEquals(expected, d.attribute("label"));
                    }
                    evaluations++;
                }
                return evaluations;
            }));
        }
        for (int swap = 0; swap < 20; swap++) {
            engine.deploy("shop", Map.of("vip.drl", vipRule(0, swap % 2 == 0 ? "B" : "A")), "test", "tester");
        }
        running.set(false);
        int total = 0;
        for (Future<Integer> worker : workers) {
            total += worker.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(21, engine.status("shop").get().active().get().version());
        assertTrue("evaluations ran during the swaps: " + total, total > 0);
    }

    private static String onlyLabel(Evaluation evaluation) {
        assertEquals(1, evaluation.decisions().size());
        return evaluation.decisions().get(0).attribute("label");
    }

    private static RuleRejectedException expectRejection(Runnable deploy) {
        try {
            deploy.run();
        } catch (RuleRejectedException e) {
            return e;
        }
        throw new AssertionError("the candidate must be refused");
    }
}
