package org.rapport.sales.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.StringReader;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.NewContact;
import org.rapport.sales.api.Lead;
import org.rapport.sales.api.LeadStatus;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** Leads from CSV content on Derby: every refused row named by number and column, the others captured. */
@Category(UsesDatabase.class)
public class LeadImportTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-sales", "rapport-contacts", "rapport-rules",
            "rapport-privacy");

    private SalesFixture f;
    private LeadImport imports;

    @Before
    public void setUp() {
        f = new SalesFixture(db, Map.of());
        imports = new LeadImport(f.sales);
    }

    private static final String CSV = "name,email,phone,company,source,answer.budget\n"
            + "Ada Lovelace,ada@acme.example,,Acme,,over-10k\n"
            + "Bad Row,not-an-email,12,,Web Form!,\n"
            + "\"Quoted, Name\",q@acme.example,+33 1 23 45 67 89,,event,\n"
            + "Short,row@acme.example\n"
            + "'=Formula,f@acme.example,,,,\n";

    @Test
    public void goodRowsAreCapturedAndEachRefusedRowIsNamed() {
        Contact ada = f.contacts.create(new NewContact("ada@acme.example", "Ada", "Lovelace"));

        LeadImport.Report report = imports.run(new StringReader(CSV), "import", false, "agent1");

        assertEquals(5, report.rows());
        assertEquals(3, report.imported());
        assertEquals(2, report.refused());
        assertEquals(List.of(new LeadImport.RowError(3, "email", "the value is not an email address"),
                new LeadImport.RowError(3, "phone", "the value is not a phone number: 4 to 20 digits, with an optional "
                        + "leading '+'"),
                new LeadImport.RowError(3, "source", "the value is not a source: lower-case letters, digits and '-', at most 40"),
                new LeadImport.RowError(5, null, "has 2 cells; the heading names 6")), report.errors());
        assertFalse("a report quotes no value", report.errors().toString().contains("not-an-email"));
        List<Lead> leads = f.sales.leads(LeadStatus.OPEN, 0, 10);
        assertEquals(3, leads.size());
        Lead first = leads.get(2);
        assertEquals(Long.valueOf(ada.id()), first.contactId());
        assertEquals("import", first.source());
        assertEquals(Map.of("budget", "over-10k"), first.answers());
        assertEquals("Quoted, Name", leads.get(1).name());
        assertEquals("event", leads.get(1).source());
        // A formula-like cell exported by Rapport comes back as the value it was.
        assertEquals("=Formula", leads.get(0).name());
    }

    @Test
    public void aDryRunChecksEveryRowAndStoresNothing() {
        LeadImport.Report report = imports.run(new StringReader(CSV), "import", true, "agent1");

        assertTrue(report.dryRun());
        assertEquals(3, report.imported());
        assertEquals(2, report.refused());
        assertEquals(0, f.sales.countLeads(null));
    }

    @Test
    public void contentThatIsNotLeadsIsRefusedWhole() {
        assertEquals(Map.of("csv", "row 1: column 'password' is not one of name, email, phone, company, source, owner, "
                + "answer.<question>"), LeadCaptureTest.refusal(() -> imports.run(new StringReader("name,password\nx,y\n"),
                "import", false, "agent1")));
        assertEquals(Map.of("csv", "row 1: the heading names no column 'name'"), LeadCaptureTest.refusal(
                () -> imports.run(new StringReader("email\na@b.example\n"), "import", false, "agent1")));
        assertTrue(LeadCaptureTest.refusal(() -> imports.run(new StringReader("name\n\"unclosed\n"), "import", false,
                "agent1")).get("csv").startsWith("not CSV this import can read"));
        assertEquals(0, f.sales.countLeads(null));
    }
}
