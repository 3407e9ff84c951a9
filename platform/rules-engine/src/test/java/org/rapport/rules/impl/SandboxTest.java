package org.rapport.rules.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
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

public class SandboxTest {

    private final DroolsRulesEngine engine = new DroolsRulesEngine();

    public SandboxTest() {
        engine.addFactModel(() -> Set.of(Customer.class), Map.of(FactModel.RULE_PACKAGE, "shop"));
    }

    static String rule(String imports, String consequence) {
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

    private List<String> problems(String drl) {
        return engine.check("shop", Map.of("x.drl", drl)).stream().map(RuleProblem::toString)
                .collect(Collectors.toList());
    }

    @Test
    public void aProcessIsRefusedWhereTheRuleNamesIt() {
        assertEquals(List.of("x.drl:7:13: not allowed in rules: java.lang.Runtime.getRuntime() "
                + "(not on the rules' allow-list)", "x.drl:7:26: not allowed in rules: java.lang.Runtime.exec() "
                + "(not on the rules' allow-list)"), problems(rule("", "Runtime.getRuntime().exec(\"rm -rf /\");")));
    }

    @Test
    public void reflectionIsRefusedEvenThroughAnAllowedType() {
        assertEquals(List.of("x.drl:7:38: not allowed in rules: java.lang.Class.forName() (not on the rules' allow-list)",
                "x.drl:7:51: not allowed in rules: java.lang.Class.getName() (not on the rules' allow-list)"),
                problems(rule("", "String n = $c.getId().getClass().forName(\"x\").getName();")));
    }

    @Test
    public void loopsAreRefusedBecauseNoBudgetCanStopThem() {
        assertEquals(List.of("x.drl:7:5: not allowed in rules: 'while': rules may not loop; match each item with a "
                + "pattern ('from', 'accumulate') instead"), problems(rule("", "while (true) { }")));
        assertTrue(problems(rule("", "for (;;) { }")).get(0).contains("'for'"));
        assertTrue(problems(rule("", "do { } while (true);")).get(0).contains("'do'"));
    }

    @Test
    public void recursionIsRefusedBecauseNoBudgetCanStopIt() {
        String drl = "package shop;\n"
                + "import " + Customer.class.getName() + ";\n"
                + "function int deeper(int n) { return deeper(n + 1) + 1; }\n"
                + "rule \"SHOP-8 Deep\"\n"
                + "when\n"
                + "    $c : Customer( spend > 10 )\n"
                + "then\n"
                + "    deeper(0);\n"
                + "end\n";
        List<String> problems = problems(drl);
        assertEquals(1, problems.size());
        assertTrue(problems.get(0), problems.get(0).startsWith("x.drl:3:14: not allowed in rules: deeper() (rules may "
                + "not call themselves"));
    }

    @Test
    public void numbersWrittenInTheRuleAreAllowedButNotComputedOnes() {
        assertEquals(List.of(), problems(rule("", "java.math.BigDecimal rate = new java.math.BigDecimal(\"0.10\");")));
        assertTrue(problems(rule("", "java.math.BigDecimal big = new java.math.BigDecimal($c.getId());")).get(0)
                .contains("a plain decimal literal"));
    }

    @Test
    public void theLanguageOfRulesIsAllowed() throws Exception {
        // Functions, declared types (one extending another), salience, no-loop, activation groups,
        // eval, not, exists, forall, accumulate (sum, count), from, str[startsWith], modify, insert,
        // delete, BigDecimal and LocalDate arithmetic, Math.
        String drl = java.nio.file.Files.readString(java.nio.file.Paths.get("src/test/resources/sandbox/allowed/language.drl"));
        assertEquals(List.of(), problems(drl));
        engine.deploy("shop", Map.of("language.drl", drl), "test", "tester");
        Evaluation evaluation = engine.evaluate("shop", List.of(new Customer("c1", 150), new Customer("c2", 5)));
        assertTrue(evaluation.decisions().toString(), evaluation.decisions().stream()
                .anyMatch(d -> d.type().equals("shop.bd") && "151.00 2".equals(d.attribute("b"))));
    }

    @Test
    public void commentsAndStringsMayMentionAnything() {
        String drl = rule("", "// Runtime.exec is not for rules\n"
                + "    /* nor System.exit */ String s = \"java.io.File Runtime exec\";");
        assertEquals(List.of(), problems(drl));
    }

    @Test
    public void theClassLoaderResolvesAllowedNamesOnly() throws Exception {
        FactClassLoader loader = new FactClassLoader(getClass().getClassLoader(), List.of(Customer.class),
                AllowList.shipped());
        ClassNotFoundException refused = assertThrows(ClassNotFoundException.class,
                () -> loader.loadClass("java.lang.ProcessBuilder"));
        assertTrue(refused.getMessage().contains("not available to rules"));
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass("java.io.File"));
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass("org.rapport.rules.impl.FactContributions"));
        assertEquals(String.class, loader.loadClass("java.lang.String"));
        assertEquals(Customer.class, loader.loadClass(Customer.class.getName()));
    }

    @Test
    public void theEngineRefusesAForbiddenReleaseAndKeepsServing() {
        engine.deploy("shop", Map.of("vip.drl", DroolsRulesEngineTest.vipRule(100, "VIP")), "test", "tester");

        RuleRejectedException e = assertThrows(RuleRejectedException.class, () -> engine.deploy("shop",
                Map.of("vip.drl", rule("", "Runtime.getRuntime().exec(\"touch /tmp/owned\");")), "test", "tester"));
        assertTrue(e.getMessage(), e.getMessage().contains("vip.drl:7:13: not allowed in rules: java.lang.Runtime"));
        Evaluation still = engine.evaluate("shop", List.of(new Customer("c1", 150)));
        assertEquals("VIP", still.decisions().get(0).attribute("label"));
    }

    @Test
    public void anAdministratorMayAllowMoreInConfiguration() {
        String drl = rule("", "String c = java.util.Currency.getInstance(\"EUR\").getCurrencyCode();");
        assertTrue(problems(drl).toString(), problems(drl).get(0).contains("java.util.Currency"));
        AllowList more = AllowList.shipped().with(List.of("java.util.Currency: getInstance getCurrencyCode"));
        assertTrue(more.allowsMember("java.util.Currency", "getInstance", "(Ljava/lang/String;)Ljava/util/Currency;"));
        assertThrows(IllegalArgumentException.class, () -> AllowList.shipped().with(List.of("not an entry")));
    }

    /**
     * A thousand rules: Drools' model class then gathers them from the classes it spreads them over
     * (a list sized by the rule count, addAll of each part), and the calls to code handed to the
     * platform number in the thousands; before, the first was refused and the second ran the gate
     * out of memory.
     */
    @Test
    public void aPackageOfAThousandRulesIsAccepted() {
        StringBuilder drl = new StringBuilder("package shop;\nimport " + Customer.class.getName() + ";\n"
                + "global org.rapport.rules.api.Decisions decisions;\n");
        for (int i = 0; i < 1_000; i++) {
            drl.append("rule \"SHOP-").append(i).append(" spend from ").append(i * 10).append("\"\nwhen\n")
                    .append("    $c : Customer( spend >= ").append(i * 10).append(", spend < ").append(i * 10 + 10)
                    .append(" )\nthen\n    decisions.decide(\"shop.band\", $c.getId()).with(\"band\", \"")
                    .append(i).append("\");\nend\n");
        }

        assertEquals(List.of(), problems(drl.toString()));
    }

    /** What the model class of a large package may do is allowed nowhere else: a rule could fill the heap. */
    @Test
    public void aSizedListAndAddAllAreRefusedInARule() {
        List<String> problems = problems(rule("import java.util.*;\n",
                "List l = new ArrayList(200000000); l.add($c); l.addAll(l); l.addAll(l);"));

        assertTrue(problems.toString(), problems.stream().anyMatch(p -> p.contains("java.util.ArrayList.<init>()")));
        assertTrue(problems.toString(), problems.stream().anyMatch(p -> p.contains("addAll()")));
    }
}
