package org.rapport.rules.impl;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.IdClass;
import javax.persistence.Lob;
import javax.persistence.Table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What one engine counted of a package's shadow (table {@code RULE_SHADOW_COUNT}); its
 * differences as a JSON object of each kind of difference to its count and sample subjects.
 */
@Entity
@Table(name = "RULE_SHADOW_COUNT")
@IdClass(ShadowCountEntity.Key.class)
class ShadowCountEntity {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Id
    @Column(name = "PACKAGE_NAME", length = 64)
    private String rulePackage;

    @Id
    @Column(name = "RUN_ID", length = 36)
    private String run;

    @Column(name = "HASH", nullable = false, length = 64)
    private String hash;

    @Column(name = "STARTED_AT", nullable = false)
    private Instant since;

    @Column(name = "EVALUATIONS", nullable = false)
    private long evaluations;

    @Column(name = "FAILURES", nullable = false)
    private long failures;

    @Column(name = "FACTS", nullable = false)
    private long facts;

    @Lob
    @Column(name = "CHANGES", nullable = false)
    private String changes;

    protected ShadowCountEntity() {
    }

    ShadowCountEntity(String rulePackage, ShadowCounts counts) {
        this.rulePackage = rulePackage;
        this.run = counts.run();
        set(counts);
    }

    final void set(ShadowCounts counts) {
        hash = counts.hash();
        since = counts.since();
        evaluations = counts.evaluations();
        failures = counts.failures();
        facts = counts.facts();
        ObjectNode json = JSON.createObjectNode();
        counts.changes().forEach((change, n) -> {
            ObjectNode kind = json.putObject(change).put("count", n);
            counts.samples().getOrDefault(change, List.of()).forEach(kind.putArray("samples")::add);
        });
        changes = json.toString();
    }

    ShadowCounts toCounts() {
        Map<String, Long> counted = new LinkedHashMap<>();
        Map<String, List<String>> samples = new LinkedHashMap<>();
        try {
            JsonNode json = JSON.readTree(changes);
            json.fields().forEachRemaining(kind -> {
                counted.put(kind.getKey(), kind.getValue().path("count").asLong());
                List<String> subjects = new ArrayList<>();
                kind.getValue().path("samples").forEach(s -> subjects.add(s.asText()));
                samples.put(kind.getKey(), subjects);
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the counts of the shadow of '" + rulePackage + "' are not JSON", e);
        }
        return new ShadowCounts(run, hash, since, evaluations, failures, facts, counted, samples);
    }

    /** The row's key: the package and the engine that counted. */
    static final class Key implements Serializable {
        private static final long serialVersionUID = 1L;

        private String rulePackage;
        private String run;

        Key() {
        }

        Key(String rulePackage, String run) {
            this.rulePackage = rulePackage;
            this.run = run;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.rulePackage.equals(rulePackage) && key.run.equals(run);
        }

        @Override
        public int hashCode() {
            return Objects.hash(rulePackage, run);
        }
    }
}
