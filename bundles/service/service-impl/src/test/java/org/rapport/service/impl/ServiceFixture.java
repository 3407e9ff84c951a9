package org.rapport.service.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.rapport.communication.api.InboundMessage;
import org.rapport.communication.impl.TwoWay;
import org.rapport.contacts.impl.ContactPropertiesImpl;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.contacts.impl.InteractionServiceImpl;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.loyalty.impl.LoyaltyFactModel;
import org.rapport.loyalty.impl.LoyaltyServiceImpl;
import org.rapport.privacy.impl.ConsentServiceImpl;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.rules.impl.JpaDecisionLedger;
import org.rapport.rules.impl.RuleFiles;
import org.rapport.service.facts.ServiceDecisions;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;

/**
 * The service desk on real components: contacts and their timelines, loyalty with the shipped
 * {@code rules/loyalty} (for tiers), the rules engine with the shipped {@code rules/service}
 * package, the decision ledger, all on one Derby database; Event Admin is a recorder of what was
 * posted and sent.
 */
final class ServiceFixture {

    static final Path RULES = Paths.get("../../../rules");

    /** Monday 9 March 2026, 10:00 in Berlin. */
    final MutableClock clock = new MutableClock(Instant.parse("2026-03-09T09:00:00Z"));
    final ContactServiceImpl contacts;
    final InteractionServiceImpl interactions;
    final DroolsRulesEngine engine = new DroolsRulesEngine();
    final JpaDecisionLedger ledger;
    final LoyaltyServiceImpl loyalty;
    final CaseServiceImpl cases;
    final CaseAttachments files;
    final List<Event> events = new ArrayList<>();

    ServiceFixture(TestPersistence db, Map<String, Object> settings) {
        contacts = new ContactServiceImpl(db.emf("rapport-contacts"), new ContactPropertiesImpl(db.emf("rapport-contacts"),
                clock), clock);
        interactions = new InteractionServiceImpl(db.emf("rapport-contacts"), clock);
        ledger = new JpaDecisionLedger(db.emf("rapport-rules"));
        engine.addFactModel(new ServiceFactModel(), Map.of(FactModel.RULE_PACKAGE, ServiceDecisions.RULE_PACKAGE));
        engine.addFactModel(new LoyaltyFactModel(), Map.of(FactModel.RULE_PACKAGE, LoyaltyDecisions.RULE_PACKAGE));
        loyalty = new LoyaltyServiceImpl(db.emf("rapport-loyalty"), engine, ledger, contacts, clock, "EUR", 24);
        cases = new CaseServiceImpl(db.emf("rapport-service"), contacts, interactions, engine, ledger, config(settings),
                clock);
        files = new CaseAttachments(db.emf("rapport-service"), config(settings));
        cases.bind(null, loyalty, new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                events.add(event);
            }

            @Override
            public void sendEvent(Event event) {
                events.add(event);
            }
        });
    }

    /**
     * The desk talking with customers through communication's real outbox and inbound log and a real
     * mail server ({@link TwoWay}): replies leave through the outbox, and each message that comes in
     * goes to the desk's inbound listener, then to {@code heard}.
     */
    TwoWay talking(TestPersistence db, Consumer<InboundMessage> heard) throws IOException {
        ConsentServiceImpl consent = new ConsentServiceImpl(db.emf("rapport-privacy"), contacts, clock,
                List.of("marketing", "service"));
        TwoWay comms = new TwoWay(db.emf("rapport-communication"), db.dataSource(), contacts, interactions, consent, clock,
                e -> { }, "mx.shop.example");
        cases.bindMessages(comms.messages);
        CaseInbound desk = new CaseInbound(cases, files);
        comms.listen(m -> {
            desk.received(m);
            heard.accept(m);
        }, "service");
        return comms;
    }

    /** Deploys the shipped {@code rules/service} (and {@code rules/loyalty}) through the engine's gate, scenarios included. */
    ServiceFixture withShippedRules() {
        engine.deploy("loyalty", files("loyalty"), "rules/loyalty", "tester");
        engine.deploy(ServiceDecisions.RULE_PACKAGE, files("service"), "rules/service", "tester");
        return this;
    }

    /** The package's files as the hot folder reads them (its README is no rule file). */
    static Map<String, String> files(String rulePackage) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(RULES.resolve(rulePackage))) {
            for (Path file : entries.filter(f -> RuleFiles.isPackageFile(f.getFileName().toString())).toList()) {
                files.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** The configuration with its defaults, but for {@code settings}, as the container would hand it over. */
    static ServiceConfig config(Map<String, Object> settings) {
        return (ServiceConfig) Proxy.newProxyInstance(ServiceConfig.class.getClassLoader(),
                new Class<?>[] {ServiceConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return ServiceConfig.class;
                    }
                    Object value = settings.get(method.getName());
                    return value != null ? value : method.getDefaultValue();
                });
    }

    /**
     * The settings of the tests: Berlin's business hours, Monday to Friday 9 to 17; lists as a .cfg
     * file gives them, one comma-separated string.
     */
    static Map<String, Object> berlin() {
        return Map.of("timeZone", "Europe/Berlin", "weekdays", new String[] {"mon, tue,wed , thu, fri"},
                "queues", new String[] {"support, billing, technical"}, "maxAttachmentBytes", 2000);
    }

    /**
     * The settings of the tests ({@link #berlin}) with these queue permissions ({@code queueAccess}, an
     * entry a line as a .cfg file's list gives them), in a map the test may change further.
     */
    static Map<String, Object> berlin(String... queueAccess) {
        Map<String, Object> settings = new HashMap<>(berlin());
        settings.put("queueAccess", queueAccess);
        return settings;
    }
}
