package org.rapport.sales.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.rapport.contacts.impl.AccountServiceImpl;
import org.rapport.contacts.impl.ContactPropertiesImpl;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.contacts.impl.InteractionServiceImpl;
import org.rapport.privacy.api.LawfulBasis;
import org.rapport.privacy.impl.ConsentServiceImpl;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.rules.impl.JpaDecisionLedger;
import org.rapport.sales.facts.SalesDecisions;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;

/**
 * The sales service on real components: contacts, accounts, interactions and consent on Derby
 * (profiling on legitimate interests, as shipped),
 * the rules engine with the shipped {@code rules/sales} package, the decision ledger.
 */
final class SalesFixture {

    /** The shipped rule package, as the distribution's rules/ folder holds it. */
    static final Path SHIPPED_RULES = Paths.get("../../../rules/sales");

    final MutableClock clock = new MutableClock(Instant.parse("2026-03-10T10:00:00Z"));
    final ContactServiceImpl contacts;
    final AccountServiceImpl accounts;
    final InteractionServiceImpl interactions;
    final ConsentServiceImpl consents;
    final DroolsRulesEngine engine = new DroolsRulesEngine();
    final JpaDecisionLedger ledger;
    final SalesConfig config;
    final SalesServiceImpl sales;

    SalesFixture(TestPersistence db, Map<String, Object> settings) {
        ContactPropertiesImpl properties = new ContactPropertiesImpl(db.emf("rapport-contacts"), clock);
        contacts = new ContactServiceImpl(db.emf("rapport-contacts"), properties, clock);
        accounts = new AccountServiceImpl(db.emf("rapport-contacts"), clock);
        interactions = new InteractionServiceImpl(db.emf("rapport-contacts"), clock);
        consents = new ConsentServiceImpl(db.emf("rapport-privacy"), contacts, clock,
                List.of("marketing", "profiling", "service"), Map.of("profiling", LawfulBasis.LEGITIMATE_INTERESTS));
        ledger = new JpaDecisionLedger(db.emf("rapport-rules"));
        engine.addFactModel(new SalesFactModel(), Map.of(FactModel.RULE_PACKAGE, SalesDecisions.RULE_PACKAGE));
        config = config(settings);
        sales = new SalesServiceImpl(db.emf("rapport-sales"), contacts, accounts, interactions, consents, consents, engine,
                ledger,
                config, clock);
    }

    /** Deploys the shipped {@code rules/sales} through the engine's gate (its scenarios included). */
    void deployShippedRules() {
        engine.deploy(SalesDecisions.RULE_PACKAGE, shippedFiles(), SHIPPED_RULES.toString(), "tester");
    }

    static Map<String, String> shippedFiles() {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(SHIPPED_RULES)) {
            for (Path file : entries.filter(f -> f.toString().endsWith(".drl") || f.toString().endsWith(".yaml")).toList()) {
                files.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** The configuration with its defaults, but for {@code settings}, as the container would hand it over. */
    static SalesConfig config(Map<String, Object> settings) {
        return (SalesConfig) Proxy.newProxyInstance(SalesConfig.class.getClassLoader(), new Class<?>[] {SalesConfig.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return SalesConfig.class;
                    }
                    Object value = settings.get(method.getName());
                    return value != null ? value : method.getDefaultValue();
                });
    }
}
