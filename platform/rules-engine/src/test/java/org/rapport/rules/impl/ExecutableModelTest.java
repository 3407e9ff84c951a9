package org.rapport.rules.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.drools.ancompiler.CompiledNetwork;
import org.drools.core.reteoo.ObjectTypeNode;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.junit.Test;
import org.kie.api.KieBase;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.FactModel;

public class ExecutableModelTest {

    /**
     * Rules of the shapes Drools indexes in its alpha network: ranges on one field (a range
     * index), equality on another (a hash index), a condition written over several lines, and a
     * rule that joins two facts.
     */
    private static String shapes() {
        StringBuilder drl = new StringBuilder("package shop;\nimport " + Customer.class.getName() + ";\n"
                + "global org.rapport.rules.api.Decisions decisions;\n");
        for (int band = 0; band < 20; band++) {
            drl.append("rule \"band ").append(band).append("\"\nwhen\n  $c : Customer( spend >= ").append(band * 50)
                    .append(", spend < ").append(band * 50 + 50).append(" )\nthen\n")
                    .append("  decisions.decide(\"shop.band\", $c.getId()).with(\"band\", \"").append(band)
                    .append("\");\nend\n");
        }
        for (int id = 0; id < 6; id++) {
            drl.append("rule \"named c").append(id).append("\"\nwhen\n  $c : Customer( id == \"c").append(id)
                    .append("\" )\nthen\n  decisions.decide(\"shop.named\", $c.getId());\nend\n");
        }
        drl.append("rule \"either\"\nwhen\n  $c : Customer( id == \"c9\" && spend > 100\n")
                .append("      || id == \"c10\" && spend < 100 )\nthen\n  decisions.decide(\"shop.either\", $c.getId());\nend\n");
        drl.append("rule \"outspent\"\nwhen\n  $a : Customer( spend > 900 )\n  $b : Customer( spend < $a.spend / 10 )\n")
                .append("then\n  decisions.decide(\"shop.outspent\", $b.getId()).with(\"by\", $a.getId());\nend\n");
        return drl.toString();
    }

    @Test
    public void theAlphaNetworkIsCompiledToJavaAndDecidesAsItsNodes() throws Exception {
        FactContributions contributions = new FactContributions();
        contributions.addModel(() -> Set.of(Customer.class), Map.of(FactModel.RULE_PACKAGE, "shop"));
        FactClassLoader loader = contributions.classLoader("shop");
        Map<String, String> drl = Map.of("shapes.drl", shapes());
        PackageCompiler.Result interpreted = new PackageCompiler().compile("shop", drl, loader);
        assertTrue(interpreted.problems.toString(), interpreted.succeeded());

        KieBase compiled = new PackageCompiler().compile("shop", drl, loader).kieBase;
        ExecutableModel.compileAlphaNetwork("shop", (InternalKnowledgeBase) compiled,
                new Sandbox(AllowList.shipped(), List.of(Customer.class), getClass().getClassLoader()));

        ObjectTypeNode customers = ((InternalKnowledgeBase) compiled).getRete().getObjectTypeNodes().stream()
                .filter(node -> node.getObjectType().getClassName().equals(Customer.class.getName()))
                .findFirst().orElseThrow();
        assertTrue("the Customer node's children run as one compiled class",
                customers.getObjectSinkPropagator() instanceof CompiledNetwork);

        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            List<Customer> batch = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                batch.add(new Customer("c" + random.nextInt(12), random.nextInt(1100) - 50));
            }
            Set<String> expected = described(Evaluator.evaluate("shop", 1, interpreted.kieBase, true, loader, batch, 10, 5_000)
                    .decisions());
            Set<String> actual = described(Evaluator.evaluate("shop", 1, compiled, true, loader, batch, 10, 5_000).decisions());
            assertFalse(expected.isEmpty());
            assertEquals("round " + round, expected, actual);
        }
    }

    private static Set<String> described(List<Decision> decisions) {
        Set<String> described = new TreeSet<>();
        for (Decision d : decisions) {
            described.add(d.type() + " " + d.subject() + " " + d.attributes() + " by " + d.rule());
        }
        return described;
    }
}
