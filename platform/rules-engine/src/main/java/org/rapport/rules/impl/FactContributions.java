package org.rapport.rules.impl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.FactSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What bundles contribute to rule packages through the whiteboard: fact types (and so the class
 * loader a package is compiled with) and sources of stored facts, each keyed by the packages
 * named in its {@value FactModel#RULE_PACKAGE} service property.
 */
final class FactContributions {

    private static final Logger LOG = LoggerFactory.getLogger(FactContributions.class);

    private record Contribution(FactModel model, Set<String> packages) {
    }

    private record Source(FactSource source, Set<String> packages) {
    }

    private final List<Contribution> models = new CopyOnWriteArrayList<>();
    private final List<Source> sources = new CopyOnWriteArrayList<>();
    private volatile AllowList allowed = AllowList.shipped();

    /** Adds a fact model; returns the packages it serves. */
    Set<String> addModel(FactModel model, Map<String, Object> properties) {
        Contribution contribution = new Contribution(model, packagesOf(properties));
        models.add(contribution);
        LOG.info("Fact types for rule package(s) {} registered: {}", contribution.packages(),
                model.factTypes().stream().map(Class::getName).sorted().collect(Collectors.toList()));
        return contribution.packages();
    }

    /** Removes a fact model; returns the packages it served. */
    Set<String> removeModel(FactModel model, Map<String, Object> properties) {
        models.removeIf(c -> c.model() == model);
        Set<String> packages = packagesOf(properties);
        LOG.info("Fact types for rule package(s) {} withdrawn", packages);
        return packages;
    }

    void addSource(FactSource source, Map<String, Object> properties) {
        sources.add(new Source(source, packagesOf(properties)));
    }

    void removeSource(FactSource source) {
        sources.removeIf(s -> s.source() == source);
    }

    boolean hasModel(String rulePackage) {
        return models.stream().anyMatch(c -> c.packages().contains(rulePackage));
    }

    List<Class<?>> factTypes(String rulePackage) {
        List<Class<?>> types = new ArrayList<>();
        for (Contribution c : models) {
            if (c.packages().contains(rulePackage)) {
                types.addAll(c.model().factTypes());
            }
        }
        return types;
    }

    /** The rules' allow-list from now on: the shipped one and what the configuration adds. */
    void allow(AllowList list) {
        allowed = list;
    }

    /** The loader the package's rules are compiled and run with: its fact types, and what the allow-list names. */
    FactClassLoader classLoader(String rulePackage) {
        return new FactClassLoader(FactContributions.class.getClassLoader(), factTypes(rulePackage), allowed);
    }

    /**
     * Every stored fact of the package's sources that may be evaluated, a batch at a time; the
     * subjects a source kept back (the consent gate blocked profiling them) told to {@code leftOut}.
     */
    void forEachStoredBatch(String rulePackage, int batchSize, Consumer<List<?>> batch, FactSource.LeftOut leftOut) {
        for (Source source : sources) {
            if (source.packages().contains(rulePackage)) {
                source.source().forEachBatch(batchSize, batch, leftOut);
            }
        }
    }

    /** How many stored facts the package's sources hold, or -1 if one of them cannot tell. */
    long countStored(String rulePackage) {
        long total = 0;
        for (Source source : sources) {
            if (source.packages().contains(rulePackage)) {
                long count = source.source().count();
                if (count < 0) {
                    return -1;
                }
                total += count;
            }
        }
        return total;
    }

    static Set<String> packagesOf(Map<String, Object> properties) {
        Object value = properties.get(FactModel.RULE_PACKAGE);
        Set<String> names = new LinkedHashSet<>();
        if (value instanceof String) {
            names.add((String) value);
        } else if (value instanceof String[]) {
            names.addAll(List.of((String[]) value));
        } else if (value instanceof Collection) {
            ((Collection<?>) value).forEach(v -> names.add(String.valueOf(v)));
        }
        if (names.isEmpty()) {
            LOG.warn("A whiteboard service without the '{}' property serves no rule package", FactModel.RULE_PACKAGE);
        }
        return names;
    }
}
