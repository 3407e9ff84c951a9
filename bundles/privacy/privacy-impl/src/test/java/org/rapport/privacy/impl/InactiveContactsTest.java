package org.rapport.privacy.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.contacts.impl.ContactErasure;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.contacts.impl.InteractionServiceImpl;
import org.rapport.privacy.api.DataRetentionRun;
import org.rapport.privacy.facts.DataRetentionDecisions;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.impl.DroolsRulesEngine;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/**
 * Inactive contacts under the shipped data-retention rules, in the real engine against Derby: a
 * contact with no sign of life for more than 7 years is erased across the participants; a recent
 * interaction, a recent change or a legal hold keeps one.
 */
@Category(UsesDatabase.class)
public class InactiveContactsTest {

    private static final Path RULES = Path.of(System.getProperty("rapport.rules.dir", "../../../rules"));

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-privacy", "rapport-contacts");

    private ContactServiceImpl contacts;
    private InteractionServiceImpl interactions;
    private DataRetentionServiceImpl retention;

    @Before
    public void setUp() throws IOException {
        DroolsRulesEngine engine = new DroolsRulesEngine();
        engine.addFactModel(new PrivacyFactModel(), Map.of(FactModel.RULE_PACKAGE, DataRetentionDecisions.RULE_PACKAGE));
        engine.deploy("privacy", Map.of("retention.drl", Files.readString(RULES.resolve("privacy/retention.drl"),
                StandardCharsets.UTF_8)), "rules/privacy", "tester");
        contacts = new ContactServiceImpl(db.emf("rapport-contacts"));
        interactions = new InteractionServiceImpl(db.emf("rapport-contacts"));
        AuditLogImpl audit = new AuditLogImpl(db.emf("rapport-privacy"));
        ErasureServiceImpl erasure = new ErasureServiceImpl(db.emf("rapport-privacy"), contacts, null, Clock.systemUTC(),
                java.time.Duration.ofSeconds(30));
        erasure.addParticipant(new ContactErasure(db.emf("rapport-contacts"), contacts, interactions,
                RetentionOnRunner.imports(db)), Map.of());
        erasure.addParticipant(new AuditErasure(db.emf("rapport-privacy")), Map.of());
        retention = new RetentionOnRunner(db, engine, contacts, audit, Clock.systemUTC(),
                new InactiveContacts(contacts, erasure, Clock.systemUTC())).retention;
    }

    /** A contact stored and last changed {@code days} ago, as a contact kept for years would be. */
    private long storedDaysAgo(String email, int days) throws SQLException {
        long id = contacts.create(new NewContact(email, "Old", "Timer")).id();
        try (Connection c = db.dataSource().getConnection();
                PreparedStatement update = c.prepareStatement("UPDATE CONTACT SET CREATED_AT = ?, UPDATED_AT = ? WHERE ID = ?")) {
            // Stored as UTC wall-clock time, as InstantConverter writes it.
            Timestamp then = Timestamp.valueOf(LocalDateTime.ofInstant(Instant.now().minus(Duration.ofDays(days)),
                    ZoneOffset.UTC));
            update.setTimestamp(1, then);
            update.setTimestamp(2, then);
            update.setLong(3, id);
            assertEquals(1, update.executeUpdate());
        }
        return id;
    }

    @Test
    public void aContactSilentForMoreThanSevenYearsIsErasedAndTheOthersAreKept() throws SQLException {
        long silent = storedDaysAgo("silent@example.com", 2600);
        long calledLastYear = storedDaysAgo("called@example.com", 2600);
        interactions.record(calledLastYear, new NewInteraction("phone", "inbound", "call",
                Instant.now().minus(Duration.ofDays(300)), null, null), "agent");
        long held = storedDaysAgo("held@example.com", 4000);
        long fresh = contacts.create(new NewContact("fresh@example.com", "New", "Comer")).id();
        retention.hold(held, "tax audit 2026", "dpo");

        DataRetentionRun dry = retention.run(true, "analyst");
        assertEquals(List.of(new DataRetentionRun.Category("contacts", 4, 1, 1, 0)), dry.categories());
        assertTrue("a dry run erases nobody", contacts.find(silent).isPresent());

        DataRetentionRun run = retention.run(false, "nightly");

        assertEquals(List.of(new DataRetentionRun.Category("contacts", 4, 1, 1, 0)), run.categories());
        assertTrue(contacts.find(silent).isEmpty());
        for (long kept : List.of(calledLastYear, held, fresh)) {
            assertTrue("contact " + kept + " is kept", contacts.find(kept).isPresent());
        }
        assertEquals(List.of(new DataRetentionRun.Category("contacts", 3, 1, 0, 0)),
                retention.run(false, "nightly").categories());
    }
}
