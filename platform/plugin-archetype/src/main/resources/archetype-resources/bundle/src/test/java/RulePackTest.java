package ${package};

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.ScenarioResult;
import org.rapport.rules.impl.DroolsRulesEngine;

import ${package}.facts.PluginDecisions;
import ${package}.facts.Touch;

/** The rule pack the bundle carries, through Rapport's own gate: compiled, held to the policy, its scenarios run. */
public class RulePackTest {

    private static String file(String name) throws IOException {
        try (InputStream in = RulePackTest.class.getResourceAsStream("/META-INF/rules/${pluginName}/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static DroolsRulesEngine engine() throws IOException {
        DroolsRulesEngine engine = new DroolsRulesEngine();
        engine.addFactModel(new PluginFactModel(), Map.of(FactModel.RULE_PACKAGE, PluginDecisions.RULE_PACKAGE));
        engine.deploy(PluginDecisions.RULE_PACKAGE, Map.of("notes.drl", file("notes.drl"),
                "notes.scenarios.yaml", file("notes.scenarios.yaml")), "test", "test");
        return engine;
    }

    @Test
    public void thePackPassesTheGateAndItsScenarios() throws IOException {
        List<ScenarioResult> results = engine().test(PluginDecisions.RULE_PACKAGE);

        assertEquals(2, results.size());
        assertTrue(results.toString(), results.stream().allMatch(ScenarioResult::passed));
    }

    @Test
    public void anInPersonVisitIsNotedNamingTheRule() throws IOException {
        List<Decision> decisions = engine().evaluate(PluginDecisions.RULE_PACKAGE,
                List.of(new Touch(7, "visit", "in-person"))).decisions();

        assertEquals(1, decisions.size());
        assertEquals(PluginDecisions.NOTE, decisions.get(0).type());
        assertEquals("7", decisions.get(0).subject());
    }
}
