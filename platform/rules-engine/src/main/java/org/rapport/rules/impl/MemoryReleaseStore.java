package org.rapport.rules.impl;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.rapport.rules.api.Release;
import org.rapport.rules.api.RuleCoverage;

/** Keeps releases for the life of the engine only: for an engine embedded in a test or a tool. */
final class MemoryReleaseStore implements ReleaseStore {

    private final Map<String, List<Release>> releases = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> files = new ConcurrentHashMap<>();
    private final Map<String, List<RuleCoverage>> coverage = new ConcurrentHashMap<>();
    private final Map<String, StoredShadow> shadows = new ConcurrentHashMap<>();
    private final Map<String, Map<String, ShadowCounts>> counts = new ConcurrentHashMap<>();

    @Override
    public synchronized void save(Release release, Map<String, String> releaseFiles, List<RuleCoverage> rules) {
        if (files.containsKey(release.rulePackage() + "/" + release.version())) {
            throw new VersionTaken(release, null);
        }
        releases.computeIfAbsent(release.rulePackage(), p -> new ArrayList<>()).add(release);
        files.put(release.rulePackage() + "/" + release.version(), Map.copyOf(releaseFiles));
        coverage.put(release.rulePackage() + "/" + release.version(), List.copyOf(rules));
    }

    @Override
    public Optional<List<RuleCoverage>> coverage(String rulePackage, long version) {
        return Optional.ofNullable(coverage.get(rulePackage + "/" + version));
    }

    @Override
    public synchronized List<Release> history(String rulePackage) {
        return releases.getOrDefault(rulePackage, List.of()).stream()
                .sorted(Comparator.comparingLong(Release::version).reversed()).collect(Collectors.toList());
    }

    @Override
    public Optional<Map<String, String>> files(String rulePackage, long version) {
        return Optional.ofNullable(files.get(rulePackage + "/" + version));
    }

    @Override
    public synchronized boolean accepted(String rulePackage, String hash) {
        return releases.getOrDefault(rulePackage, List.of()).stream().anyMatch(r -> r.hash().equals(hash));
    }

    @Override
    public synchronized List<Release> latest() {
        return releases.values().stream().map(list -> list.get(list.size() - 1)).collect(Collectors.toList());
    }

    @Override
    public synchronized Optional<Release> latest(String rulePackage) {
        List<Release> list = releases.getOrDefault(rulePackage, List.of());
        return list.isEmpty() ? Optional.empty() : Optional.of(list.get(list.size() - 1));
    }

    @Override
    public synchronized Map<String, Long> latestVersions() {
        return latest().stream().collect(Collectors.toMap(Release::rulePackage, Release::version));
    }

    @Override
    public void saveShadow(StoredShadow shadow) {
        shadows.put(shadow.rulePackage(), shadow);
    }

    @Override
    public void deleteShadow(String rulePackage) {
        shadows.remove(rulePackage);
        counts.remove(rulePackage);
    }

    @Override
    public List<StoredShadow.Mark> shadows() {
        return shadows.values().stream().map(StoredShadow::mark).toList();
    }

    @Override
    public Optional<StoredShadow> shadow(String rulePackage) {
        return Optional.ofNullable(shadows.get(rulePackage));
    }

    @Override
    public void saveShadowCounts(String rulePackage, ShadowCounts counted) {
        counts.computeIfAbsent(rulePackage, p -> new ConcurrentHashMap<>()).put(counted.run(), counted);
    }

    @Override
    public List<ShadowCounts> shadowCounts(String rulePackage) {
        return List.copyOf(counts.getOrDefault(rulePackage, Map.of()).values());
    }
}
