package org.rapport.rules.impl;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rapport.rules.api.RuleProblem;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a scenario file: a YAML list of scenarios, each with {@code scenario} (its name),
 * {@code given} (a list of facts, {@code - Type: {property: value, ...}}) and {@code expect} (a
 * list of decisions, {@code - decision.type: {subject: 1, attribute: value, rule: "..."}}, or
 * {@code []} for none). Only the YAML node tree is read, never arbitrary objects, and every
 * problem is reported with its line.
 */
final class ScenarioParser {

    /** Thrown with the position of what is wrong. */
    static final class InvalidScenarios extends Exception {
        private static final long serialVersionUID = 1L;
        final transient RuleProblem problem;

        InvalidScenarios(RuleProblem problem) {
            super(problem.toString());
            this.problem = problem;
        }
    }

    private final String file;

    private ScenarioParser(String file) {
        this.file = file;
    }

    static boolean isScenarioFile(String name) {
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    static List<Scenario> parse(String file, String text) throws InvalidScenarios {
        return new ScenarioParser(file).parse(text);
    }

    private List<Scenario> parse(String text) throws InvalidScenarios {
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark();
            throw new InvalidScenarios(new RuleProblem(file, mark == null ? 0 : mark.getLine() + 1,
                    mark == null ? 0 : mark.getColumn() + 1, "not valid YAML: " + e.getProblem()));
        }
        if (root == null) {
            return List.of();
        }
        List<Scenario> scenarios = new ArrayList<>();
        for (Node item : sequence(root, "a list of scenarios")) {
            scenarios.add(scenario(item));
        }
        return scenarios;
    }

    private Scenario scenario(Node node) throws InvalidScenarios {
        Map<String, Node> fields = mapping(node, "a scenario (scenario, given, expect)");
        for (String key : fields.keySet()) {
            if (!List.of("scenario", "given", "expect").contains(key)) {
                throw problem(fields.get(key), "unknown key '" + key + "'; a scenario has scenario, given and expect");
            }
        }
        String name = scalar(required(node, fields, "scenario"), "the scenario's name");
        List<Scenario.Fact> given = new ArrayList<>();
        for (Node fact : sequence(required(node, fields, "given"), "a list of facts")) {
            Map.Entry<String, Map<String, String>> entry = typed(fact, "a fact: - Type: {property: value}");
            given.add(new Scenario.Fact(line(fact), entry.getKey(), entry.getValue()));
        }
        List<Scenario.Expected> expect = new ArrayList<>();
        for (Node decision : sequence(required(node, fields, "expect"), "a list of decisions (or [] for none)")) {
            Map.Entry<String, Map<String, String>> entry = typed(decision, "a decision: - type: {subject: ..., attribute: value}");
            expect.add(new Scenario.Expected(line(decision), entry.getKey(), entry.getValue()));
        }
        return new Scenario(file, line(node), name, given, expect);
    }

    /** {@code Type: {key: value, ...}} as the type and its properties. */
    private Map.Entry<String, Map<String, String>> typed(Node node, String what) throws InvalidScenarios {
        Map<String, Node> outer = mapping(node, what);
        if (outer.size() != 1) {
            throw problem(node, "expected " + what);
        }
        Map.Entry<String, Node> only = outer.entrySet().iterator().next();
        Map<String, String> properties = new LinkedHashMap<>();
        if (!(only.getValue() instanceof ScalarNode && ((ScalarNode) only.getValue()).getValue().isEmpty())) {
            for (Map.Entry<String, Node> property : mapping(only.getValue(), "properties {name: value}").entrySet()) {
                properties.put(property.getKey(), scalar(property.getValue(), "the value of '" + property.getKey() + "'"));
            }
        }
        return Map.entry(only.getKey(), properties);
    }

    private Node required(Node owner, Map<String, Node> fields, String key) throws InvalidScenarios {
        Node value = fields.get(key);
        if (value == null) {
            throw problem(owner, "the scenario has no '" + key + "'");
        }
        return value;
    }

    private List<Node> sequence(Node node, String what) throws InvalidScenarios {
        if (!(node instanceof SequenceNode)) {
            throw problem(node, "expected " + what);
        }
        return ((SequenceNode) node).getValue();
    }

    private Map<String, Node> mapping(Node node, String what) throws InvalidScenarios {
        if (!(node instanceof MappingNode)) {
            throw problem(node, "expected " + what);
        }
        Map<String, Node> result = new LinkedHashMap<>();
        for (NodeTuple tuple : ((MappingNode) node).getValue()) {
            String key = scalar(tuple.getKeyNode(), "a name");
            if (result.put(key, tuple.getValueNode()) != null) {
                throw problem(tuple.getKeyNode(), "'" + key + "' appears twice");
            }
        }
        return result;
    }

    private String scalar(Node node, String what) throws InvalidScenarios {
        if (!(node instanceof ScalarNode)) {
            throw problem(node, "expected " + what);
        }
        return ((ScalarNode) node).getValue();
    }

    private static int line(Node node) {
        return node.getStartMark().getLine() + 1;
    }

    private InvalidScenarios problem(Node node, String message) {
        return new InvalidScenarios(new RuleProblem(file, line(node), node.getStartMark().getColumn() + 1, message));
    }
}
