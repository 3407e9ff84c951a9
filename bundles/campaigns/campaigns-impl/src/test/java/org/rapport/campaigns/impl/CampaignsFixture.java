package org.rapport.campaigns.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.rapport.campaigns.api.NewCampaign;
import org.rapport.campaigns.api.Variant;
import org.rapport.campaigns.facts.CampaignDecisions;
import org.rapport.communication.api.MessageChannel;
import org.rapport.communication.api.OutgoingMessage;
import org.rapport.communication.api.Template;
import org.rapport.communication.impl.MessageServiceImpl;
import org.rapport.communication.impl.Outbox;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.ContactPropertiesImpl;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.contacts.impl.InteractionServiceImpl;
import org.rapport.jobs.impl.JobRunnerImpl;
import org.rapport.persistence.impl.DatabaseCluster;
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentState;
import org.rapport.privacy.api.LawfulBasis;
import org.rapport.privacy.impl.ConsentServiceImpl;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.rules.impl.JpaDecisionLedger;
import org.rapport.rules.impl.RuleFiles;
import org.rapport.segments.impl.SegmentServiceImpl;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;

/**
 * Campaigns on Derby with the product's contacts, segments, consent gate, outbox, job runner, rules
 * engine (the shipped {@code rules/campaigns}, through its gate) and decision ledger; the channel is
 * a real {@link MessageChannel} that keeps what it is handed. The job runs its pages in the calling
 * thread, and a page's wait for the next minute moves the test's clock.
 */
final class CampaignsFixture {

    /** The shipped rule package, as the distribution's rules/ folder holds it. */
    static final Path SHIPPED_RULES = Paths.get("../../../rules/campaigns");
    static final String PUBLIC_URL = "https://crm.shop.example/";

    final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
    final List<OutgoingMessage> delivered = new CopyOnWriteArrayList<>();
    /** What a page's wait does besides moving the clock: a marketer acting in that minute. */
    final AtomicReference<Runnable> duringWait = new AtomicReference<>(() -> { });
    final ContactServiceImpl contacts;
    final InteractionServiceImpl interactions;
    final ConsentServiceImpl consent;
    final SegmentServiceImpl segments;
    final MessageServiceImpl messages;
    final JobRunnerImpl runner;
    final JpaDecisionLedger ledger;
    final DroolsRulesEngine engine;
    final CampaignSending sending;
    final CampaignServiceImpl campaigns;
    final CampaignErasure erasure;
    final EntityManagerFactory unit;
    private final EntityManagerFactory communicationUnit;
    private final AtomicReference<MessageOutcomes> outcomes = new AtomicReference<>();

    CampaignsFixture(TestPersistence db) {
        EntityManagerFactory contactsUnit = db.emf("rapport-contacts");
        contacts = new ContactServiceImpl(contactsUnit, new ContactPropertiesImpl(contactsUnit, clock), clock);
        interactions = new InteractionServiceImpl(contactsUnit, clock);
        consent = new ConsentServiceImpl(db.emf("rapport-privacy"), contacts, clock, List.of("marketing", "profiling",
                "service", "tracking"), Map.of("profiling", LawfulBasis.LEGITIMATE_INTERESTS));
        segments = new SegmentServiceImpl(db.emf("rapport-segments"), contacts, contacts, interactions, clock, 365, "",
                consent, ConsentGate.PROFILING);
        communicationUnit = db.emf("rapport-communication");
        messages = Outbox.create(communicationUnit, contacts, interactions, consent, clock,
                event -> outcomes.get().handleEvent(event));
        messages.addChannel(new MessageChannel() {
            @Override
            public Channel medium() {
                return Channel.EMAIL;
            }

            @Override
            public Optional<String> address(Contact contact) {
                return Optional.ofNullable(contact.email());
            }

            @Override
            public String deliver(OutgoingMessage message) {
                delivered.add(message);
                return "kept-" + message.id();
            }
        }, Map.of(MessageChannel.NAME, "email"));
        unit = db.emf("rapport-campaigns");
        outcomes.set(new MessageOutcomes(unit, messages, false));
        runner = new JobRunnerImpl(db.dataSource(), new DatabaseCluster(db.dataSource(), "node-a", Duration.ofMinutes(1),
                null, clock), clock, null, Runnable::run);
        engine = new DroolsRulesEngine();
        engine.addFactModel(new CampaignFactModel(), Map.of(FactModel.RULE_PACKAGE, CampaignDecisions.RULE_PACKAGE));
        engine.deploy(CampaignDecisions.RULE_PACKAGE, shippedRules(), SHIPPED_RULES.toString(), "tester");
        ledger = new JpaDecisionLedger(db.emf("rapport-rules"));
        sending = new CampaignSending(runner, unit, messages, engine, ledger, interactions, consent, segments, contacts,
                clock,
                when -> {
            if (when.isAfter(clock.instant())) {
                clock.advance(Duration.between(clock.instant(), when));
            }
            duringWait.get().run();
        }, config(Map.of("publicUrl", PUBLIC_URL)));
        runner.addKind(sending);
        campaigns = new CampaignServiceImpl(unit, segments, messages, consent, consent, sending, outcomes.get(), clock);
        erasure = new CampaignErasure(unit);
        for (String code : List.of("spring-a", "spring-b")) {
            messages.saveTemplate(new Template(code, "en", "Spring " + code, "Hello {{firstName}}\n"
                    + "Unsubscribe: {{var.unsubscribeUrl}}\n", null));
        }
        messages.saveTemplate(new Template("no-link", "en", "Hi", "Hello {{firstName}}\n", null));
    }

    /** A provider's report that the message to {@code address} bounced for good. */
    void hardBounce(long messageId, String address) {
        Outbox.hardBounce(communicationUnit, clock, event -> outcomes.get().handleEvent(event), messageId, address);
    }

    /** The contact ids of a campaign's recipients, in id order. */
    List<Long> recipients(long campaignId) {
        EntityManager em = unit.createEntityManager();
        try {
            return em.createQuery("select r.contactId from RecipientEntity r where r.campaignId = :c order by "
                    + "r.contactId", Long.class).setParameter("c", campaignId).getResultList();
        } finally {
            em.close();
        }
    }

    void close() {
        runner.deactivate();
    }

    /** A contact tagged {@code tag}, with a marketing consent record in {@code marketing} state unless null. */
    long customer(String name, String tag, ConsentState marketing, Channel channel) {
        long id = contacts.create(new NewContact(name + "@example.com", name, "Test", null, "en", null, Set.of(tag))).id();
        if (marketing != null) {
            grant(id, "marketing", marketing, channel);
        }
        return id;
    }

    void grant(long contactId, String purpose, ConsentState state, Channel channel) {
        consent.record(new ConsentChange(contactId, purpose, channel, state, null, "newsletter form", null, null), "agent");
    }

    NewCampaign campaign(String name, String segment, int rate, String... templates) {
        List<Variant> variants = Stream.of(templates).map(t -> new Variant(t, 50)).toList();
        return new NewCampaign(name, segment, "marketing", "email", variants, null, rate);
    }

    /** One pass of the outbox's dispatcher. */
    void dispatch() {
        Outbox.dispatch(messages);
    }

    static Map<String, String> shippedRules() {
        return shippedRules(SHIPPED_RULES);
    }

    /** The files of a shipped rule package's folder. */
    static Map<String, String> shippedRules(Path folder) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> entries = Files.list(folder)) {
            for (Path file : entries.filter(f -> RuleFiles.isPackageFile(f.getFileName().toString())).toList()) {
                files.put(file.getFileName().toString(), RuleFiles.read(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** The configuration with its defaults, but for {@code settings}, as the container would hand it over. */
    static CampaignsConfig config(Map<String, Object> settings) {
        return (CampaignsConfig) Proxy.newProxyInstance(CampaignsConfig.class.getClassLoader(),
                new Class<?>[] {CampaignsConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("annotationType")) {
                        return CampaignsConfig.class;
                    }
                    Object value = settings.get(method.getName());
                    return value != null ? value : method.getDefaultValue();
                });
    }
}
