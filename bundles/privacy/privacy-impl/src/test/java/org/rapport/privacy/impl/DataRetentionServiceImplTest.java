package org.rapport.privacy.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.contacts.impl.InteractionDataRetention;
import org.rapport.contacts.impl.InteractionServiceImpl;
import org.rapport.jobs.Job;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.api.DataRetentionRun;
import org.rapport.privacy.facts.DataRetentionDecisions;
import org.rapport.privacy.facts.StoredRecord;
import org.rapport.privacy.spi.DataRetentionSource;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** Retention runs over real interactions in Derby, decided by the retention rules in the real engine. */
@Category(UsesDatabase.class)
public class DataRetentionServiceImplTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-privacy", "rapport-contacts");

    private DroolsRulesEngine engine;
    private ContactServiceImpl contacts;
    private RetentionOnRunner onRunner;
    private DataRetentionServiceImpl retention;
    private InteractionServiceImpl interactions;
    private AuditLogImpl audit;
    private long ada;
    private long held;

    @Before
    public void setUp() throws IOException {
        engine = new DroolsRulesEngine();
        engine.addFactModel(new PrivacyFactModel(), Map.of(FactModel.RULE_PACKAGE, DataRetentionDecisions.RULE_PACKAGE));
        try (InputStream in = getClass().getResourceAsStream("/retention-test.drl")) {
            engine.deploy("privacy", Map.of("retention.drl", new String(in.readAllBytes(), StandardCharsets.UTF_8)),
                    "test", "tester");
        }
        contacts = new ContactServiceImpl(db.emf("rapport-contacts"));
        interactions = new InteractionServiceImpl(db.emf("rapport-contacts"));
        audit = new AuditLogImpl(db.emf("rapport-privacy"));
        onRunner = new RetentionOnRunner(db, engine, contacts, audit, java.time.Clock.systemUTC(),
                new InteractionDataRetention(db.emf("rapport-contacts")));
        retention = onRunner.retention;
        ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        held = contacts.create(new NewContact("held@example.com", "Held", "Case")).id();
        record(ada, "phone", "call", 1200, "old call");
        record(ada, "web", "visit", 400, "pricing page");
        record(ada, "email", "complaint", 10, "recent");
        record(held, "phone", "call", 2000, "disputed call");
    }

    private void record(long contact, String channel, String type, int daysAgo, String summary) {
        interactions.record(contact, new NewInteraction(channel, "inbound", type,
                Instant.now().minus(Duration.ofDays(daysAgo)), summary, Map.of("note", summary)), "test");
    }

    private List<Interaction> timeline(long contact) {
        return interactions.timeline(contact, Set.of(), 0, 100);
    }

    @Test
    public void aDryRunReportsWhatARunThenDoesAndChangesNothing() {
        retention.hold(held, "litigation 2026-17", "dpo");

        DataRetentionRun dry = retention.run(true, "analyst");

        assertTrue(dry.dryRun());
        assertEquals("privacy v1", dry.release());
        assertEquals(List.of(new DataRetentionRun.Category("interactions", 4, 1, 1, 1)), dry.categories());
        assertEquals(3, timeline(ada).size());
        assertEquals("pricing page", timeline(ada).get(1).summary());

        DataRetentionRun run = retention.run(false, "admin");

        assertEquals(dry.categories(), run.categories());
        List<Interaction> left = timeline(ada);
        assertEquals(List.of("complaint", "visit"), left.stream().map(Interaction::type).toList());
        assertNull("the visit is kept without its personal values", left.get(1).summary());
        assertTrue(left.get(1).payload().isEmpty());
        assertEquals("the legal hold kept the old call", 1, timeline(held).size());
        assertEquals(List.of(run.id(), dry.id()), retention.runs(5).stream().map(DataRetentionRun::id).toList());
        assertEquals(run.categories(), retention.runs(1).get(0).categories());
        assertEquals(List.of("retention.run", "retention.dry-run", "privacy.hold"),
                audit.find(null, null, null, 10).stream().map(a -> a.action()).toList());
    }

    /** An installation's rule files and stored releases written before the rename still compile and decide. */
    @Test
    public void rulesWrittenWithTheFormerNameOfTheDecisionsStillDecide() throws IOException {
        String former;
        try (InputStream in = getClass().getResourceAsStream("/retention-test.drl")) {
            former = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("DataRetentionDecisions",
                    "RetentionDecisions");
        }
        engine.deploy("privacy", Map.of("retention.drl", former), "test", "tester");

        DataRetentionRun dry = retention.run(true, "analyst");

        assertEquals("privacy v2", dry.release());
        assertEquals(List.of(new DataRetentionRun.Category("interactions", 4, 0, 2, 1)), dry.categories());
    }

    @Test
    public void liftingAHoldLetsTheNextRunApplyThePolicies() {
        retention.hold(held, "litigation", "dpo");
        retention.run(false, "admin");
        assertEquals(1, timeline(held).size());

        assertTrue(retention.release(held, "dpo"));
        assertFalse(retention.release(held, "dpo"));
        DataRetentionRun run = retention.run(false, "admin");

        assertEquals(0, timeline(held).size());
        assertEquals(1, run.categories().get(0).deleted());
        assertEquals(List.of(), retention.holds());
    }

    /**
     * A run is a job of the runner: its evidence has the job's id and is saved with every page, a page
     * that fails leaves both at the last page done, and the job resumed goes on from its cursor.
     */
    @Test
    public void aRunIsAJobThatKeepsItsEvidenceWhenItFailsAndGoesOnFromItsCursorWhenResumed() {
        InteractionDataRetention interactionsSource = new InteractionDataRetention(db.emf("rapport-contacts"));
        List<DataRetentionRun> seen = new ArrayList<>();
        List<Long> read = new ArrayList<>();
        boolean[] storeDown = {true};
        DataRetentionSource onePerPage = new DataRetentionSource() {
            @Override
            public String category() {
                return "interactions";
            }

            @Override
            public void forEachBatch(int batchSize, Consumer<List<StoredRecord>> batch) {
                DataRetentionSource.inIdOrder(after -> page(after, batchSize), batch);
            }

            @Override
            public List<StoredRecord> page(long afterId, int size) {
                seen.add(retention.runs(1).get(0));
                List<StoredRecord> page = interactionsSource.page(afterId, 1);
                page.forEach(r -> read.add(r.getRecordId()));
                return page;
            }

            @Override
            public int delete(List<Long> recordIds) {
                if (!recordIds.isEmpty() && storeDown[0] && seen.size() > 3) {
                    throw new IllegalStateException("store unavailable");
                }
                return interactionsSource.delete(recordIds);
            }

            @Override
            public int anonymize(List<Long> recordIds) {
                return interactionsSource.anonymize(recordIds);
            }
        };
        onRunner = new RetentionOnRunner(db, engine, contacts, audit, java.time.Clock.systemUTC(), onePerPage);
        retention = onRunner.retention;

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> retention.run(false, "nightly"));

        assertEquals("store unavailable", failure.getMessage());
        assertEquals(4, seen.size());
        assertNull("running", seen.get(2).finishedAt());
        assertEquals(List.of(new DataRetentionRun.Category("interactions", 2, 0, 1, 1)), seen.get(2).categories());
        DataRetentionRun failed = retention.runs(1).get(0);
        Job job = onRunner.runner.job(failed.id()).orElseThrow();
        assertEquals("the evidence is the job's", "privacy.data-retention", job.kind());
        assertEquals(Job.State.FAILED, job.state());
        assertEquals(3, job.done());
        assertEquals(Map.of("held", 0L, "deleted", 1L, "anonymised", 1L), job.counts());
        assertTrue(failed.finishedAt() != null);
        assertEquals("what it applied before failing is in its evidence",
                List.of(new DataRetentionRun.Category("interactions", 3, 0, 1, 1)), failed.categories());
        assertEquals("retention.failed", audit.find(null, null, null, 1).get(0).action());

        storeDown[0] = false;
        onRunner.runner.resume(job.id(), "admin");

        Job resumed = onRunner.runner.job(job.id()).orElseThrow();
        assertEquals(Job.State.DONE, resumed.state());
        assertEquals("each record read once, the failed page's again", 5, read.size());
        assertEquals(read.get(3), read.get(4));
        assertEquals(List.of(new DataRetentionRun.Category("interactions", 4, 0, 2, 1)),
                retention.runs(1).get(0).categories());
        assertTrue(retention.runs(1).get(0).finishedAt() != null);
        assertEquals("retention.run", audit.find(null, null, null, 1).get(0).action());
    }

    @Test
    public void aRunFromBeforeTheJobRunnerCutShortByAStopIsMarkedInterruptedAtTheNextStart() {
        Transactions.run(db.emf("rapport-privacy"), em -> em.persist(new DataRetentionRunEntity(7, false, "nightly",
                Instant.now())));
        assertNull(retention.runs(1).get(0).finishedAt());

        new DataRetentionServiceImpl(db.emf("rapport-privacy"), onRunner.runner, contacts, audit,
                java.time.Clock.systemUTC());

        assertEquals(7, retention.runs(1).get(0).id());
        assertTrue(retention.runs(1).get(0).finishedAt() != null);
        assertEquals("retention.interrupted", audit.find(null, null, null, 1).get(0).action());
    }

    @Test
    public void aHoldNeedsAReasonAndAContact() {
        try {
            retention.hold(ada, " ", "dpo");
            fail("a hold without a reason must be refused");
        } catch (IllegalArgumentException e) {
            assertEquals("reason is required", e.getMessage());
        }
        try {
            retention.hold(ada + 99, "x", "dpo");
            fail("a hold on no contact must be refused");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("does not exist"));
        }
        assertEquals(List.of(), retention.holds());
    }
}
