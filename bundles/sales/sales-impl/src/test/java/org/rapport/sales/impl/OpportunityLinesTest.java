package org.rapport.sales.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.NewContact;
import org.rapport.sales.api.NewOpportunity;
import org.rapport.sales.api.Opportunity;
import org.rapport.sales.api.OpportunityLine;
import org.rapport.sales.api.SalesValidationException;
import org.rapport.sales.impl.command.OpportunityLinesCommand;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/** Product lines of opportunities: stored in order, summed into the amount, bad lines refused by index and field, on Derby. */
@Category(UsesDatabase.class)
public class OpportunityLinesTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-sales", "rapport-contacts", "rapport-rules",
            "rapport-privacy");

    private static OpportunityLine line(String sku, String name, String quantity, String price, String currency) {
        return new OpportunityLine(sku, name, quantity == null ? null : new BigDecimal(quantity),
                price == null ? null : new BigDecimal(price), currency);
    }

    @Test
    public void linesMakeTheAmountAndBadLinesAreRefusedByIndexAndField() {
        SalesFixture f = new SalesFixture(db, Map.of());
        Contact ada = f.contacts.create(new NewContact("ada@acme.example", "Ada", null));
        Opportunity o = f.sales.open(new NewOpportunity("Widgets", ada.id(), new BigDecimal("100"), "EUR", null,
                LocalDate.parse("2026-06-30"), null, null), "agent1");

        Opportunity priced = f.sales.setLines(o.id(), List.of(line("WID-1", "Widget", "3", "19.90", null),
                line(null, "Installation", "1.5", "80", "EUR")), "agent1");
        assertEquals(new BigDecimal("179.7000"), priced.amount());
        assertEquals(List.of(line("WID-1", "Widget", "3.0000", "19.9000", "EUR"),
                line(null, "Installation", "1.5000", "80.0000", "EUR")), f.sales.lines(o.id()));

        try {
            f.sales.setLines(o.id(), Arrays.asList(line("WID-2", null, "0", "5", null), null,
                    line(" ", " ", "1", "-1", "USD"), line("bad sku!", "x", "1.00001", "1", "EUR")), "agent1");
            fail("bad lines accepted");
        } catch (SalesValidationException e) {
            assertEquals(List.of("lines[0].quantity", "lines[1]", "lines[2].name", "lines[2].unitPrice",
                    "lines[2].currency", "lines[3].sku", "lines[3].quantity"), List.copyOf(e.fieldErrors().keySet()));
        }
        assertEquals("nothing stored", 2, f.sales.lines(o.id()).size());
        assertEquals(new BigDecimal("179.7000"), f.sales.opportunity(o.id()).orElseThrow().amount());

        // The shell's form of a line, every bad number named.
        assertEquals(List.of(line("WID-1", "Widget", "3", "19.90", null)),
                OpportunityLinesCommand.parse(List.of("WID-1|Widget|3|19.90")));
        try {
            OpportunityLinesCommand.parse(List.of("A|a|x|1", "B|b|1"));
            fail("accepted");
        } catch (SalesValidationException e) {
            assertEquals(List.of("lines[0].quantity", "lines[1]"), List.copyOf(e.fieldErrors().keySet()));
        }

        // Without lines the amount stays as it was; a closed deal's lines do not change.
        assertEquals(new BigDecimal("179.7000"), f.sales.setLines(o.id(), List.of(), "agent1").amount());
        f.sales.moveStage(o.id(), "lost", "no budget", null, "agent1");
        try {
            f.sales.setLines(o.id(), List.of(line("WID-1", null, "1", "1", null)), "agent1");
            fail("a closed deal's lines changed");
        } catch (SalesValidationException e) {
            assertEquals(List.of("lines"), List.copyOf(e.fieldErrors().keySet()));
        }
    }
}
