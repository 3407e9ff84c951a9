package org.rapport.privacy.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.contacts.impl.ContactErasure;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.contacts.impl.InteractionServiceImpl;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentState;
import org.rapport.privacy.api.ContactExport;
import org.rapport.privacy.api.ErasureReport;
import org.rapport.privacy.spi.ErasureParticipant;
import org.rapport.privacy.spi.ExportRequester;
import org.rapport.rules.api.Decision;
import org.rapport.rules.impl.JpaDecisionLedger;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/**
 * Erasure and export across the participants of contacts, consent and the decision ledger, on
 * one real Derby database: afterwards no table holds the contact's name, email or phone.
 */
@Category(UsesDatabase.class)
public class ErasureServiceImplTest {

    private static final String EMAIL = "grace.hopper@navy.example";
    private static final String PHONE = "+1 555 0100 1906";
    private static final String NAME = "Hopperton";

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-privacy", "rapport-contacts", "rapport-rules");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T09:00:00Z"));
    private ErasureServiceImpl erasure;
    private ContactServiceImpl contacts;
    private ConsentServiceImpl consents;
    private JpaDecisionLedger ledger;
    private long grace;
    private long other;

    @Before
    public void setUp() {
        contacts = new ContactServiceImpl(db.emf("rapport-contacts"));
        InteractionServiceImpl interactions = new InteractionServiceImpl(db.emf("rapport-contacts"));
        consents = new ConsentServiceImpl(db.emf("rapport-privacy"), contacts, clock, List.of("marketing"));
        ledger = new JpaDecisionLedger(db.emf("rapport-rules"));
        erasure = new ErasureServiceImpl(db.emf("rapport-privacy"), contacts, null, clock, Duration.ofSeconds(2));
        erasure.addParticipant(new ContactErasure(db.emf("rapport-contacts"), contacts, interactions,
                RetentionOnRunner.imports(db)), Map.of());
        erasure.addParticipant(new ConsentErasure(db.emf("rapport-privacy"), consents), Map.of());
        erasure.addParticipant(new DecisionErasure(ledger), Map.of());
        erasure.addParticipant(new AuditErasure(db.emf("rapport-privacy")), Map.of());

        grace = contacts.create(new NewContact(EMAIL, "Grace", NAME, PHONE, "en", "email", Set.of("vip"))).id();
        other = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        interactions.record(grace, new NewInteraction("email", "inbound", "complaint", null, "wrote from " + EMAIL,
                Map.of("reply-to", EMAIL, "callback", PHONE)), "mailbox");
        interactions.record(other, new NewInteraction("phone", "inbound", "call", null, "asked about Grace " + NAME,
                Map.of()), "call centre");
        consents.record(new ConsentChange(grace, "marketing", Channel.EMAIL, ConsentState.GRANTED, null,
                "form filled in by " + EMAIL, "confirmation sent to " + EMAIL, null), "web");
        consents.check(grace, "marketing", "phone", "call " + PHONE, "dialler");
        new AuditLogImpl(db.emf("rapport-privacy"), clock).record("agent", "contact.update", "contact " + grace,
                "phone " + PHONE, "email " + EMAIL, grace);
        Transactions.run(db.emf("rapport-rules"), em -> ledger.record(em, List.of(new Decision("crm.vip",
                Long.toString(grace), Map.of("why", "big spender"), "VIP-1", "crm", 1)), "Customer[" + EMAIL + "]"));
    }

    @Test
    public void anExportGathersEveryParticipantsData() {
        ContactExport export = erasure.export(grace);

        assertEquals(List.of("audit log", "consent", "decision ledger", "contacts"), List.copyOf(export.data().keySet()));
        assertTrue(export.data().get("contacts").toString().contains(EMAIL));
        assertTrue(export.data().get("consent").toString().contains("form filled in by"));
        assertTrue(export.data().get("decision ledger").toString().contains("VIP-1"));
        assertEquals(List.of(), export.unreached());
    }

    @Test
    public void eachParticipantIsToldWhoAsksAndAnAdministratorsExportIsComplete() {
        List<ExportRequester> asked = new ArrayList<>();
        erasure.addParticipant(new ErasureParticipant() {
            @Override
            public String name() {
                return "kept plugin";
            }

            @Override
            public Map<String, Object> export(long contactId) {
                return Map.of("everything", true);
            }

            @Override
            public Map<String, Object> export(long contactId, ExportRequester requester) {
                asked.add(requester);
                return requester.complete() ? export(contactId) : Map.of("everything", false);
            }

            @Override
            public String erase(long contactId) {
                return "nothing";
            }
        }, Map.of());

        assertEquals(Map.of("everything", false), erasure.export(grace, "key:shop", Set.of("partner")).data()
                .get("kept plugin"));
        assertEquals(Map.of("everything", true), erasure.export(grace, "root", Set.of("admin")).data().get("kept plugin"));
        assertEquals("the shell's export, an administrator's", Map.of("everything", true), erasure.export(grace).data()
                .get("kept plugin"));
        assertEquals(List.of(new ExportRequester("key:shop", Set.of("partner")), ExportRequester.administrator("root"),
                ExportRequester.administrator(null)), asked);
        assertTrue("a participant without the requester's export gives all it has", erasure.export(grace, "key:shop",
                Set.of("partner")).data().get("contacts").toString().contains(EMAIL));
    }

    @Test
    public void afterErasureNoTableHoldsTheContactsNameEmailOrPhone() throws SQLException {
        assertFalse("the scan finds the values before", places(EMAIL).isEmpty());

        ErasureReport report = erasure.erase(grace, "dpo");

        assertTrue(report.toString(), report.complete());
        assertEquals(List.of("audit log", "consent", "decision ledger", "contacts"),
                report.outcomes().stream().map(ErasureReport.Outcome::participant).toList());
        assertEquals("1 contact record (with its address), 1 tag(s), 0 custom propert(ies) and 1 interaction(s) "
                + "with their payloads deleted",
                report.outcomes().get(3).removed());
        assertEquals("1 consent record(s) and 1 blocked action(s) deleted", report.outcomes().get(1).removed());
        assertEquals(List.of(), places(EMAIL));
        assertEquals(List.of(), places(PHONE));
        // Another contact's note that names her is that contact's data, and stays.
        assertEquals(List.of("INTERACTION.SUMMARY"), places(NAME));
        assertTrue(erasure.export(other).data().get("contacts").toString().contains("Lovelace"));
    }

    @Test
    public void aFailingParticipantIsReportedAndTheOthersStillRun() {
        erasure.addParticipant(new ErasureParticipant() {
            @Override
            public String name() {
                return "broken plugin";
            }

            @Override
            public Map<String, Object> export(long contactId) {
                return Map.of();
            }

            @Override
            public String erase(long contactId) {
                throw new IllegalStateException("its store is offline");
            }
        }, Map.of());

        ErasureReport report = erasure.erase(grace, "dpo");

        assertFalse(report.complete());
        ErasureReport.Outcome broken = report.outcomes().stream().filter(o -> o.participant().equals("broken plugin"))
                .findFirst().orElseThrow();
        assertEquals("its store is offline", broken.error());
        assertNull(broken.removed());
        assertEquals(List.of(), places(EMAIL));
    }

    @Test
    public void aParticipantThatHangsIsInterruptedAtItsBudgetAndTheOthersStillRun() {
        java.util.concurrent.atomic.AtomicBoolean interrupted = new java.util.concurrent.atomic.AtomicBoolean();
        erasure.addParticipant(new ErasureParticipant() {
            @Override
            public String name() {
                return "hanging plugin";
            }

            @Override
            public Map<String, Object> export(long contactId) {
                return hang();
            }

            @Override
            public String erase(long contactId) {
                hang();
                return "never";
            }

            private Map<String, Object> hang() {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
                return Map.of();
            }
        }, Map.of());

        long started = System.nanoTime();
        ErasureReport report = erasure.erase(grace, "dpo");

        assertTrue("the erasure waited the budget (2 s), not the participant", System.nanoTime() - started
                < Duration.ofSeconds(20).toNanos());
        ErasureReport.Outcome hanging = report.outcomes().stream().filter(o -> o.participant().equals("hanging plugin"))
                .findFirst().orElseThrow();
        assertEquals("erasure did not finish within 2 s and was interrupted", hanging.error());
        assertFalse(report.complete());
        assertEquals("the other participants erased what they hold", List.of(), places(EMAIL));
        assertTrue(interrupted.get() || waitFor(interrupted));

        Map<String, Object> exported = erasure.export(other).data().get("hanging plugin");
        assertEquals("export failed: export did not finish within 2 s and was interrupted", exported.get("error"));
        assertTrue("the others' data is still exported", erasure.export(other).data().get("contacts").toString()
                .contains("Lovelace"));
    }

    private static boolean waitFor(java.util.concurrent.atomic.AtomicBoolean flag) {
        for (int i = 0; i < 50 && !flag.get(); i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return flag.get();
    }

    @Test
    public void aContactUnderLegalHoldIsNotErased() {
        new DataRetentionServiceImpl(db.emf("rapport-privacy"), null, contacts,
                new AuditLogImpl(db.emf("rapport-privacy"), clock), clock).hold(grace, "litigation", "dpo");
        try {
            erasure.erase(grace, "dpo");
            org.junit.Assert.fail("erasure under legal hold must be refused");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("under legal hold (litigation)"));
        }
        assertFalse("nothing was erased", places(EMAIL).isEmpty());
    }

    /** Every column of every table (TABLE.COLUMN) in which some row contains {@code value}. */
    private List<String> places(String value) {
        List<String> places = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            List<String[]> columns = new ArrayList<>();
            // The test's own schema: APP on Derby, the test's schema on PostgreSQL.
            try (ResultSet rs = meta.getColumns(null, c.getSchema(), "%", "%")) {
                while (rs.next()) {
                    String type = rs.getString("TYPE_NAME").toUpperCase(java.util.Locale.ROOT);
                    if (type.contains("CHAR") || type.equals("CLOB") || type.equals("TEXT")) {
                        columns.add(new String[] {rs.getString("TABLE_NAME"), rs.getString("COLUMN_NAME"), type});
                    }
                }
            }
            for (String[] column : columns) {
                String expression = column[2].equals("CLOB") ? "CAST(" + column[1] + " AS VARCHAR(32672))" : column[1];
                try (PreparedStatement query = c.prepareStatement("SELECT COUNT(*) FROM " + column[0] + " WHERE "
                        + expression + " LIKE ?")) {
                    query.setString(1, "%" + value + "%");
                    try (ResultSet rs = query.executeQuery()) {
                        rs.next();
                        if (rs.getInt(1) > 0) {
                            places.add((column[0] + "." + column[1]).toUpperCase(java.util.Locale.ROOT));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return places;
    }
}
