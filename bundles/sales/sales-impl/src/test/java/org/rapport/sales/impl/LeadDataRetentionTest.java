package org.rapport.sales.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.NewContact;
import org.rapport.jobs.impl.JobRunnerImpl;
import org.rapport.persistence.impl.DatabaseCluster;
import org.rapport.privacy.api.DataRetentionRun;
import org.rapport.privacy.facts.DataRetentionDecisions;
import org.rapport.privacy.facts.StoredRecord;
import org.rapport.privacy.impl.AuditLogImpl;
import org.rapport.privacy.impl.DataRetentionPreviews;
import org.rapport.privacy.impl.DataRetentionRuns;
import org.rapport.privacy.impl.DataRetentionServiceImpl;
import org.rapport.privacy.impl.DataRetentionSources;
import org.rapport.privacy.impl.PrivacyFactModel;
import org.rapport.rules.api.FactModel;
import org.rapport.sales.api.Lead;
import org.rapport.sales.api.NewLead;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/** Leads never converted under the shipped data-retention rules (rules/privacy), in a real retention run on Derby. */
@Category(UsesDatabase.class)
public class LeadDataRetentionTest {

    private static final Path PRIVACY_RULES = Paths.get("../../../rules/privacy");

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-sales", "rapport-contacts", "rapport-rules",
            "rapport-privacy");

    private static Map<String, String> files(Path folder, String... names) {
        try {
            Map<String, String> files = new java.util.TreeMap<>();
            for (String name : names) {
                files.put(name, Files.readString(folder.resolve(name), StandardCharsets.UTF_8));
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    public void leadsNeverConvertedAreAnonymisedTwoYearsAfterTheirLastChange() {
        SalesFixture f = new SalesFixture(db, Map.of());
        f.deployShippedRules();
        f.engine.addFactModel(new PrivacyFactModel(), Map.of(FactModel.RULE_PACKAGE, DataRetentionDecisions.RULE_PACKAGE));
        f.engine.deploy(DataRetentionDecisions.RULE_PACKAGE, files(PRIVACY_RULES, "retention.drl",
                "retention.scenarios.yaml"), PRIVACY_RULES.toString(), "tester");
        Contact held = f.contacts.create(new NewContact("held@acme.example", "Held", null));
        Lead linked = f.sales.capture(new NewLead("Held", "held@acme.example", null, "Acme", "event"), null, "agent1");
        Lead stranger = f.sales.capture(new NewLead("Stu Ranger", "stu@initech.example", "+3312345678", "Initech",
                "web-form", Map.of("budget", "over-10k"), null, null), null, "agent1");
        f.sales.qualify(stranger.id(), false, "no budget after all", "agent1");
        Lead converted = f.sales.capture(new NewLead("Cy", "cy@globex.example", null, null, "referral"), null, "agent1");
        f.sales.convert(converted.id(), BigDecimal.TEN, null, null, "agent1");
        f.clock.advance(Duration.ofDays(731));
        Lead fresh = f.sales.capture(new NewLead("Fay", "fay@globex.example", null, null, "import"), null, "agent1");

        LeadDataRetention source = new LeadDataRetention(db.emf("rapport-sales"), f.ledger, f.clock);
        List<StoredRecord> records = new ArrayList<>();
        source.forEachBatch(2, records::addAll);
        assertEquals("never the converted lead", List.of(linked.id(), stranger.id(), fresh.id()),
                records.stream().map(StoredRecord::getRecordId).toList());
        assertEquals(List.of("open", "disqualified", "open"), records.stream().map(StoredRecord::getKind).toList());
        assertEquals(List.of(731L, 731L, 0L), records.stream().map(StoredRecord::getAgeDays).toList());
        assertEquals(held.id(), records.get(0).getContactId());

        // Data retention as the privacy bundle runs it: jobs of a runner, here one whose runs end before start returns.
        AuditLogImpl audit = new AuditLogImpl(db.emf("rapport-privacy"));
        JobRunnerImpl runner = new JobRunnerImpl(db.dataSource(), new DatabaseCluster(db.dataSource(), "node-a",
                Duration.ofMinutes(1), null, f.clock), f.clock, null, Runnable::run);
        DataRetentionSources sources = new DataRetentionSources();
        sources.addSource(source);
        runner.addKind(new DataRetentionRuns(db.emf("rapport-privacy"), sources, f.engine, audit, f.clock));
        runner.addKind(new DataRetentionPreviews(db.emf("rapport-privacy"), sources, f.engine, audit, f.clock));
        DataRetentionServiceImpl retention = new DataRetentionServiceImpl(db.emf("rapport-privacy"), runner, f.contacts,
                audit, f.clock);
        retention.hold(held.id(), "dispute", "admin");
        DataRetentionRun run = retention.run(false, "admin");
        DataRetentionRun.Category leads = run.categories().stream().filter(c -> c.category().equals("leads"))
                .findFirst().orElseThrow();
        assertEquals(new DataRetentionRun.Category("leads", 3, 1, 0, 1), leads);

        Lead anonymised = f.sales.lead(stranger.id()).orElseThrow();
        assertEquals(LeadDataRetention.ANONYMISED, anonymised.name());
        assertNull(anonymised.email());
        assertNull(anonymised.phone());
        assertNull(anonymised.company());
        assertNull(anonymised.reason());
        assertTrue(anonymised.answers().isEmpty());
        assertEquals("its status and source stay for the figures", "web-form", anonymised.source());
        assertTrue("the decisions made on its facts go", f.ledger.about(stranger.subject(), 10).isEmpty());
        assertEquals("held@acme.example", f.sales.lead(linked.id()).orElseThrow().email());
        assertEquals("cy@globex.example", f.sales.lead(converted.id()).orElseThrow().email());

        assertEquals("an anonymised lead is not offered again", 2, retention.run(true, "admin").categories().stream()
                .filter(c -> c.category().equals("leads")).findFirst().orElseThrow().examined());
    }
}
