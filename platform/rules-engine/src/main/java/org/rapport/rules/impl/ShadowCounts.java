package org.rapport.rules.impl;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.rapport.rules.api.Impact;

/**
 * What one running engine (a node, until it restarts) has counted of a shadow: the evaluations it
 * ran beside the active release, those it failed, the facts and each kind of difference with a
 * few sample subjects. Each engine keeps its own in the store ({@code run}: an id it takes when it
 * starts), so that a shadow shows what every node counted, and what was counted before a restart.
 */
record ShadowCounts(String run, String hash, Instant since, long evaluations, long failures, long facts,
        Map<String, Long> changes, Map<String, List<String>> samples) {

    /** How many sample subjects a kind of difference keeps. */
    static final int SAMPLES = 5;

    ShadowCounts {
        changes = Map.copyOf(changes);
        samples = Map.copyOf(samples);
    }

    /** Whether these are counts of that shadow: the same files started at the same moment. */
    boolean of(StoredShadow.Mark mark) {
        return hash.equals(mark.hash()) && since.equals(mark.since());
    }

    /** The counts of several engines added up, as one shadow's differences. */
    static Impact impact(String rulePackage, long activeRelease, List<ShadowCounts> counted) {
        Map<String, Long> changes = new TreeMap<>();
        Map<String, List<String>> samples = new TreeMap<>();
        long facts = 0;
        for (ShadowCounts counts : counted) {
            facts += counts.facts();
            counts.changes().forEach((change, n) -> changes.merge(change, n, Long::sum));
            counts.samples().forEach((change, subjects) -> {
                List<String> kept = samples.computeIfAbsent(change, c -> new ArrayList<>());
                subjects.stream().filter(s -> !kept.contains(s)).limit(SAMPLES - kept.size()).forEach(kept::add);
            });
        }
        Map<String, Long> ordered = changes.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        Map<String, List<String>> orderedSamples = new LinkedHashMap<>();
        ordered.keySet().forEach(change -> orderedSamples.put(change, List.copyOf(samples.getOrDefault(change, List.of()))));
        return new Impact(rulePackage, activeRelease, facts, ordered, orderedSamples);
    }
}
