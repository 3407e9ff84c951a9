package org.rapport.rules.impl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.rapport.rules.api.Decision;
import org.rapport.rules.api.Impact;

/**
 * Compares, subject by subject, what the active release and a candidate decide on the same
 * facts, and counts each kind of change.
 */
final class ImpactCollector {

    private static final int SAMPLES = ShadowCounts.SAMPLES;

    private final Map<String, Long> changes = new HashMap<>();
    private final Map<String, List<String>> samples = new HashMap<>();
    private final Map<String, Long> leftOut = new HashMap<>();
    private long facts;

    void add(int factCount, List<Decision> active, List<Decision> candidate) {
        facts += factCount;
        Map<String, List<Decision>> before = byTypeAndSubject(active);
        Map<String, List<Decision>> after = byTypeAndSubject(candidate);
        Set<String> keys = new LinkedHashSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            String was = render(before.get(key));
            String becomes = render(after.get(key));
            if (!was.equals(becomes)) {
                String type = key.substring(0, key.indexOf('\0'));
                String subject = key.substring(key.indexOf('\0') + 1);
                String change = type + ": " + was + " -> " + becomes;
                changes.merge(change, 1L, Long::sum);
                List<String> sample = samples.computeIfAbsent(change, c -> new ArrayList<>());
                if (sample.size() < SAMPLES) {
                    sample.add(subject);
                }
            }
        }
    }

    long facts() {
        return facts;
    }

    /** How many subjects were left out so far. */
    long leftOutCount() {
        return leftOut.values().stream().mapToLong(Long::longValue).sum();
    }

    /** {@code subjects} were not evaluated, for {@code reason}. */
    void leftOut(String reason, int subjects) {
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a source of facts left " + subjects + " subject(s) out without a reason");
        }
        if (subjects > 0) {
            leftOut.merge(reason, (long) subjects, Long::sum);
        }
    }

    /** What it counted, as an engine keeps it in the store. */
    ShadowCounts counts(String run, String hash, java.time.Instant since, long evaluations, long failures) {
        Map<String, List<String>> copies = new HashMap<>();
        samples.forEach((change, subjects) -> copies.put(change, List.copyOf(subjects)));
        return new ShadowCounts(run, hash, since, evaluations, failures, facts, changes, copies);
    }

    Impact impact(String rulePackage, long activeRelease) {
        Map<String, Long> ordered = changes.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
        Map<String, List<String>> orderedSamples = new LinkedHashMap<>();
        ordered.keySet().forEach(change -> orderedSamples.put(change, List.copyOf(samples.get(change))));
        return new Impact(rulePackage, activeRelease, facts, ordered, orderedSamples, new TreeMap<>(leftOut));
    }

    private static Map<String, List<Decision>> byTypeAndSubject(List<Decision> decisions) {
        Map<String, List<Decision>> grouped = new LinkedHashMap<>();
        for (Decision d : decisions) {
            grouped.computeIfAbsent(d.type() + '\0' + d.subject(), k -> new ArrayList<>()).add(d);
        }
        return grouped;
    }

    /** The attributes a subject got, independent of which rule gave them: {@code tier=Gold}, or (none). */
    private static String render(List<Decision> decisions) {
        if (decisions == null || decisions.isEmpty()) {
            return "(none)";
        }
        return decisions.stream()
                .map(d -> d.attributes().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(", ")))
                .sorted(Comparator.naturalOrder())
                .collect(Collectors.joining(" | "));
    }
}
