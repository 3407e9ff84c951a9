package org.rapport.rules.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.Test;
import org.rapport.rules.api.Evaluation;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.RuleProblem;
import org.rapport.rules.api.RuleRejectedException;

public class RulePolicyTest {

    private static String rule(String imports, String consequence) {
        return "package shop;\n"
                + "import " + Customer.class.getName() + ";\n"
                + imports
                + "rule \"SHOP-9 Sneaky\"\n"
                + "when\n"
                + "    $c : Customer()\n"
                + "then\n"
                + "    " + consequence + "\n"
                + "end\n";
    }

    private static List<String> problems(String drl) {
        return RulePolicy.check(Map.of("x.drl", drl)).stream().map(RuleProblem::toString).collect(Collectors.toList());
    }

    @Test
    public void processesAreForbiddenWithTheirPosition() {
        assertEquals(List.of("x.drl:7:5: forbidden: 'Runtime': rules may not reach processes",
                "x.drl:7:26: forbidden: 'exec': rules may not reach processes"),
                problems(rule("", "Runtime.getRuntime().exec(\"rm -rf /\");")));
    }

    @Test
    public void fileSystemNetworkReflectionAndClassLoadingAreForbidden() {
        assertTrue(problems(rule("import java.io.File;\n", "new File(\"/etc/passwd\").delete();")).contains(
                "x.drl:3:8: forbidden: 'java.io.File': rules may not use java.io.*"));
        assertTrue(problems(rule("", "java.nio.file.Files.delete(null);")).get(0).contains("java.nio.*"));
        assertTrue(problems(rule("", "new java.net.Socket(\"example.com\", 80);")).get(0).contains("java.net.*"));
        assertEquals(List.of(
                "x.drl:7:8: forbidden: 'getClass': rules may not reach reflection",
                "x.drl:7:19: forbidden: 'getMethod': rules may not reach reflection",
                "x.drl:7:34: forbidden: 'invoke': rules may not reach reflection"),
                problems(rule("", "$c.getClass().getMethod(\"x\").invoke($c);")));
        assertTrue(problems(rule("", "Class.forName(\"evil\");")).get(0).contains("'forName'"));
        assertTrue(problems(rule("", "System.exit(1);")).get(0).contains("'System'"));
        assertTrue(problems(rule("", "new Thread(() -> {}).start();")).get(0).contains("'Thread'"));
    }

    @Test
    public void loopsAreForbiddenBecauseNoBudgetCanStopThem() {
        assertEquals(List.of("x.drl:7:5: forbidden: 'while': rules may not loop; match each item with a pattern "
                + "('from', 'accumulate') instead"), problems(rule("", "while (true) { }")));
        assertTrue(problems(rule("", "for (;;) { }")).get(0).contains("forbidden: 'for'"));
        assertTrue(problems(rule("", "do { } while (true);")).get(0).contains("forbidden: 'do'"));
    }

    @Test
    public void endlessRecursionFailsTheEvaluationAndNamesTheRule() {
        DroolsRulesEngine engine = new DroolsRulesEngine();
        engine.addFactModel(() -> Set.of(Customer.class), Map.of(FactModel.RULE_PACKAGE, "shop"));
        String drl = "package shop;\n"
                + "import " + Customer.class.getName() + ";\n"
                + "function int deeper(int n) { return deeper(n + 1) + 1; }\n"
                + "rule \"SHOP-8 Deep\"\n"
                + "when\n"
                + "    $c : Customer( spend > 10 )\n"
                + "then\n"
                + "    deeper(0);\n"
                + "end\n";
        engine.deploy("shop", Map.of("deep.drl", drl), "test", "tester");

        try {
            engine.evaluate("shop", List.of(new Customer("c", 20)));
            throw new AssertionError("must fail");
        } catch (org.rapport.rules.api.RuleEvaluationException e) {
            assertEquals("SHOP-8 Deep", e.rule());
        }
        assertEquals(0, engine.evaluate("shop", List.of(new Customer("c", 5))).decisions().size());
    }

    @Test
    public void commentsAndStringsMayMentionAnything() {
        String drl = rule("", "// Runtime.exec is not for rules\n"
                + "    /* nor System.exit */ String s = \"java.io.File Runtime exec\";");
        assertEquals(List.of(), problems(drl));
    }

    @Test
    public void theClassLoaderRefusesForbiddenTypesEvenWithoutTheirNames() {
        assertTrue(RulePolicy.isForbiddenType("java.lang.Runtime"));
        assertTrue(RulePolicy.isForbiddenType("java.io.FileInputStream"));
        assertTrue(RulePolicy.isForbiddenType("java.lang.reflect.Method"));
        assertFalse(RulePolicy.isForbiddenType("java.lang.String"));
        assertFalse(RulePolicy.isForbiddenType("java.io.Serializable"));
        assertFalse(RulePolicy.isForbiddenType("java.math.BigDecimal"));
        FactClassLoader loader = new FactClassLoader(getClass().getClassLoader(), List.of());
        try {
            loader.loadClass("java.lang.ProcessBuilder");
            throw new AssertionError("ProcessBuilder must not load");
        } catch (ClassNotFoundException expected) {
            assertTrue(expected.getMessage().contains("not available to rules"));
        }
        assertEquals(null, loader.getResource("java/lang/ProcessBuilder.class"));
    }

    @Test
    public void theEngineRefusesAForbiddenReleaseAndKeepsServing() {
        DroolsRulesEngine engine = new DroolsRulesEngine();
        engine.addFactModel(() -> Set.of(Customer.class), Map.of(FactModel.RULE_PACKAGE, "shop"));
        engine.deploy("shop", Map.of("vip.drl", DroolsRulesEngineTest.vipRule(100, "VIP")), "test", "tester");

        try {
            engine.deploy("shop", Map.of("vip.drl", rule("", "Runtime.getRuntime().exec(\"touch /tmp/owned\");")), "test", "tester");
            throw new AssertionError("must be refused");
        } catch (RuleRejectedException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("vip.drl:7:5: forbidden: 'Runtime'"));
        }
        Evaluation still = engine.evaluate("shop", List.of(new Customer("c1", 150)));
        assertEquals("VIP", still.decisions().get(0).attribute("label"));
    }
}
