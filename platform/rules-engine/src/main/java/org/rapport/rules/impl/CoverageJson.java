package org.rapport.rules.impl;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.rapport.rules.api.RuleCoverage;

/**
 * A release's coverage as the database keeps it, written by Jackson. Apart from {@link Coverage}:
 * Jackson is the server's (Karaf's bundles), and an engine embedded in a plugin's tests, with no
 * database, counts coverage without it.
 */
final class CoverageJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CoverageJson() {
    }

    /** As stored with a release: a JSON array of {rule, file, line, firedBy}. */
    static String encode(List<RuleCoverage> coverage) {
        ArrayNode rules = JSON.createArrayNode();
        for (RuleCoverage c : coverage) {
            ObjectNode rule = rules.addObject().put("rule", c.rule()).put("file", c.file()).put("line", c.line());
            c.firedBy().forEach(rule.putArray("firedBy")::add);
        }
        return rules.toString();
    }

    static List<RuleCoverage> decode(String json) {
        try {
            List<RuleCoverage> coverage = new ArrayList<>();
            for (JsonNode rule : JSON.readTree(json)) {
                List<String> firedBy = new ArrayList<>();
                rule.path("firedBy").forEach(s -> firedBy.add(s.asText()));
                coverage.add(new RuleCoverage(rule.path("rule").asText(), rule.path("file").asText(),
                        rule.path("line").asInt(), firedBy));
            }
            return coverage;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a release's stored coverage is not the JSON the engine writes: "
                    + e.getOriginalMessage(), e);
        }
    }
}
