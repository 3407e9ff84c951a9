package org.rapport.retention.impl;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.rapport.communication.api.MessageChannel;
import org.rapport.communication.impl.Configs;
import org.rapport.communication.impl.EmailChannel;
import org.rapport.communication.impl.MessageServiceImpl;
import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.contacts.impl.InteractionServiceImpl;
import org.rapport.jobs.impl.JobRunnerImpl;
import org.rapport.loyalty.api.PurchaseEvent;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.loyalty.impl.LoyaltyFactModel;
import org.rapport.loyalty.impl.LoyaltyServiceImpl;
import org.rapport.persistence.impl.DatabaseCluster;
import org.rapport.privacy.api.LawfulBasis;
import org.rapport.privacy.impl.ConsentServiceImpl;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.retention.api.SweepRun;
import org.rapport.retention.facts.RetentionDecisions;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.rules.impl.JpaDecisionLedger;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;

/**
 * What the retention tests stand on: a real Derby database and the real rules engine running the
 * shipped loyalty and retention rules, with the real loyalty ledger, consent gate and outbox, email
 * delivered to a real SMTP server, and sweeps on a job runner of node {@code node-a}.
 */
abstract class RetentionFixture {

    static final Path RULES = Path.of(System.getProperty("rapport.rules.dir", "../../../rules"));

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-retention", "rapport-contacts", "rapport-rules",
            "rapport-loyalty", "rapport-communication", "rapport-privacy");

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00Z"));
    DroolsRulesEngine engine;
    ContactServiceImpl contacts;
    InteractionServiceImpl interactions;
    LoyaltyServiceImpl loyalty;
    ConsentServiceImpl consent;
    MessageServiceImpl messages;
    JpaDecisionLedger ledger;
    RetentionServiceImpl retention;
    RetentionSweepImpl sweeps;
    JobRunnerImpl runner;
    DatabaseCluster cluster;
    GreenMail smtp;
    long ada;
    long bob;
    int orders;

    @Before
    public void setUp() throws IOException {
        engine = new DroolsRulesEngine();
        engine.addFactModel(new LoyaltyFactModel(), Map.of(FactModel.RULE_PACKAGE, LoyaltyDecisions.RULE_PACKAGE));
        engine.addFactModel(new RetentionFactModel(), Map.of(FactModel.RULE_PACKAGE, RetentionDecisions.RULE_PACKAGE));
        engine.deploy("loyalty", files("loyalty"), "rules/loyalty", "tester");
        engine.deploy("retention", files("retention"), "rules/retention", "tester");
        contacts = new ContactServiceImpl(db.emf("rapport-contacts"));
        interactions = new InteractionServiceImpl(db.emf("rapport-contacts"));
        ledger = new JpaDecisionLedger(db.emf("rapport-rules"));
        loyalty = new LoyaltyServiceImpl(db.emf("rapport-loyalty"), engine, ledger, contacts, clock, "EUR", 24);
        // As shipped: profiling on legitimate interests, so every customer but those who objected is evaluated.
        consent = new ConsentServiceImpl(db.emf("rapport-privacy"), contacts, clock, List.of("marketing", "service",
                "profiling"), Map.of("profiling", LawfulBasis.LEGITIMATE_INTERESTS));
        messages = new MessageServiceImpl(db.emf("rapport-communication"), contacts, interactions, consent,
                Configs.communication(200), null);
        smtp = new GreenMail(new ServerSetup(Configs.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        smtp.start();
        messages.addChannel(new EmailChannel(Configs.email(smtp.getSmtp().getPort())), Map.of(MessageChannel.NAME, "email"));
        new DefaultTemplates(messages);
        retention = new RetentionServiceImpl(db.emf(), engine, ledger, contacts, interactions, loyalty, messages, consent,
                clock, true, ConsentGate.PROFILING);
        cluster = new DatabaseCluster(db.dataSource(), "node-a", Duration.ofMinutes(1), null, clock);
        runner = runner(cluster);
        sweeps = new RetentionSweepImpl(runner, db.emf());
        ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        bob = contacts.create(new NewContact("bob@example.com", "Bob", "Smith")).id();
    }

    /** A node's job runner with sweeps, running each job to its end before the call that started it returns. */
    JobRunnerImpl runner(DatabaseCluster node) {
        JobRunnerImpl jobs = new JobRunnerImpl(db.dataSource(), node, clock, null, Runnable::run);
        jobs.addKind(new RetentionSweepPages(retention));
        return jobs;
    }

    @After
    public void tearDown() {
        runner.deactivate();
        messages.stop();
        smtp.stop();
    }

    static Map<String, String> files(String rulePackage) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(RULES.resolve(rulePackage))) {
            for (Path file : list.toList()) {
                files.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    /** A purchase booked by loyalty, and the touchpoint its timeline event brings to retention. */
    void buy(long contact, String amount) {
        loyalty.recordPurchase(new PurchaseEvent(contact, "ORDER-" + ++orders, new BigDecimal(amount), "EUR", "store",
                null, null), "till");
        retention.touched(new Touch(contact, "inbound", "purchase", clock.instant(), Map.of("amount", amount)));
    }

    Interaction record(long contact, String direction, String type) {
        Interaction i = interactions.record(contact, new org.rapport.contacts.api.NewInteraction(
                direction.equals("inbound") ? "phone" : "email", direction, type, clock.instant(), null, null), "agent");
        retention.touched(new Touch(contact, direction, type, i.occurredAt(), Map.of()));
        return i;
    }

    /** A sweep, run to its end before it returns. */
    SweepRun sweep() {
        return sweeps.run(sweeps.start("tester").id()).orElseThrow();
    }
}
