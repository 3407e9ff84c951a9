package org.rapport.rules.packs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.loyalty.impl.LoyaltyFactModel;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.impl.DroolsRulesEngine;

/**
 * The rule packs in this module's folders, and an engine with the same fact models the bundles
 * contribute in the running server.
 */
final class ShippedRulePacks {

    static final Path ROOT = Paths.get(System.getProperty("rapport.rules.dir", "."));

    private ShippedRulePacks() {
    }

    /** An engine with every bundle's fact model registered, as in the assembled product. */
    static DroolsRulesEngine engine() {
        DroolsRulesEngine engine = new DroolsRulesEngine();
        engine.addFactModel(new LoyaltyFactModel(), Map.of(FactModel.RULE_PACKAGE, LoyaltyDecisions.RULE_PACKAGE));
        return engine;
    }

    /** The shipped package folders: every folder here holding rule files. */
    static List<String> packages() {
        try (Stream<Path> folders = Files.list(ROOT)) {
            return folders.filter(Files::isDirectory).filter(ShippedRulePacks::hasRuleFiles)
                    .map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The files of one package (rules and scenarios), by name, as the hot folder would read them. */
    static Map<String, String> files(String rulePackage) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(ROOT.resolve(rulePackage))) {
            for (Path file : entries.filter(ShippedRulePacks::isPackageFile).collect(Collectors.toList())) {
                files.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static boolean isPackageFile(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".drl") || name.endsWith(".yaml");
    }

    private static boolean hasRuleFiles(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.anyMatch(f -> f.toString().endsWith(".drl"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
