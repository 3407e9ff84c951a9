package org.rapport.rules.packs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.rapport.campaigns.facts.CampaignDecisions;
import org.rapport.campaigns.impl.CampaignFactModel;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.loyalty.impl.LoyaltyFactModel;
import org.rapport.offers.facts.OfferDecisions;
import org.rapport.offers.impl.OfferFactModel;
import org.rapport.privacy.facts.DataRetentionDecisions;
import org.rapport.privacy.impl.PrivacyFactModel;
import org.rapport.retention.impl.RetentionFactModel;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.rules.impl.RuleFiles;
import org.rapport.sales.facts.SalesDecisions;
import org.rapport.sales.impl.SalesFactModel;
import org.rapport.service.facts.ServiceDecisions;
import org.rapport.service.impl.ServiceFactModel;

/**
 * The rule packs in this module's folders, and an engine with the same fact models the bundles
 * contribute in the running server and the server's demand for scenarios.
 */
final class ShippedRulePacks {

    static final Path ROOT = Paths.get(System.getProperty("rapport.rules.dir", "."));
    /** Examples beside the shipped packs, not shipped themselves. */
    static final Path EXAMPLES = ROOT.resolve("examples");

    private ShippedRulePacks() {
    }

    /** An engine with every bundle's fact model registered, as in the assembled product. */
    static DroolsRulesEngine engine() {
        DroolsRulesEngine engine = new DroolsRulesEngine();
        // As in the server: a package without scenarios is refused.
        engine.requireScenarios();
        engine.addFactModel(new LoyaltyFactModel(), Map.of(FactModel.RULE_PACKAGE, LoyaltyDecisions.RULE_PACKAGE));
        engine.addFactModel(new PrivacyFactModel(), Map.of(FactModel.RULE_PACKAGE, DataRetentionDecisions.RULE_PACKAGE));
        engine.addFactModel(new RetentionFactModel(), Map.of(FactModel.RULE_PACKAGE,
                org.rapport.retention.facts.RetentionDecisions.RULE_PACKAGE));
        engine.addFactModel(new SalesFactModel(), Map.of(FactModel.RULE_PACKAGE, SalesDecisions.RULE_PACKAGE));
        engine.addFactModel(new CampaignFactModel(), Map.of(FactModel.RULE_PACKAGE, CampaignDecisions.RULE_PACKAGE));
        engine.addFactModel(new ServiceFactModel(), Map.of(FactModel.RULE_PACKAGE, ServiceDecisions.RULE_PACKAGE));
        engine.addFactModel(new OfferFactModel(), Map.of(FactModel.RULE_PACKAGE, OfferDecisions.RULE_PACKAGE));
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
        return files(ROOT.resolve(rulePackage));
    }

    /** The rule and scenario files of a folder, by name, as the hot folder would read them. */
    static Map<String, String> files(Path folder) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path file : entries.filter(f -> RuleFiles.isPackageFile(f.getFileName().toString()))
                    .collect(Collectors.toList())) {
                files.put(file.getFileName().toString(), RuleFiles.read(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static boolean hasRuleFiles(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.anyMatch(f -> RuleFiles.isRules(f.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
