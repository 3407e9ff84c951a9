package org.rapport.sales.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.Interaction;
import org.rapport.contacts.api.NewAccount;
import org.rapport.contacts.api.NewContact;
import org.rapport.sales.api.Conversion;
import org.rapport.sales.api.ForecastLine;
import org.rapport.sales.api.Lead;
import org.rapport.sales.api.LeadStatus;
import org.rapport.sales.api.NewLead;
import org.rapport.sales.api.NewOpportunity;
import org.rapport.sales.api.Opportunity;
import org.rapport.sales.api.OpportunityLine;
import org.rapport.sales.api.OpportunityQuery;
import org.rapport.sales.api.PipelineStatistics;
import org.rapport.sales.api.StageChange;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** Qualification, conversion, stage moves and history, the forecast and statistics, erasure, on Derby. */
@Category(UsesDatabase.class)
public class PipelineTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-sales", "rapport-contacts", "rapport-rules",
            "rapport-privacy");

    private SalesFixture f;
    private Contact ada;

    @Before
    public void setUp() {
        // No rules deployed: leads stay unscored, which conversion and the pipeline do not need.
        f = new SalesFixture(db, Map.of());
        ada = f.contacts.create(new NewContact("ada@acme.example", "Ada", "Lovelace"));
    }

    private Opportunity open(String name, String amount, String stage, String close, String owner) {
        return f.sales.open(new NewOpportunity(name, ada.id(), new BigDecimal(amount), "EUR", stage, LocalDate.parse(close),
                owner, null), "agent1");
    }

    @Test
    public void convertingALeadCreatesItsContactAndAccountAndOpensAnOpportunity() {
        Lead lead = f.sales.capture(new NewLead("Grace Brewster Hopper", "grace@navy.example", "+15550100", "US Navy",
                "event"), null, "agent1");
        f.sales.qualify(lead.id(), true, "budget confirmed", "agent1");

        Conversion c = f.sales.convert(lead.id(), new BigDecimal("12000.00"), null, LocalDate.parse("2026-05-31"), "agent1");

        assertTrue(c.contactCreated());
        Contact grace = f.contacts.find(c.contactId()).orElseThrow();
        assertEquals("Grace", grace.firstName());
        assertEquals("Brewster Hopper", grace.lastName());
        assertEquals("+15550100", grace.phone());
        assertEquals(c.accountId(), grace.accountId());
        assertEquals("US Navy", f.accounts.find(c.accountId()).orElseThrow().name());
        assertEquals(LeadStatus.CONVERTED, c.lead().status());
        assertEquals(Long.valueOf(c.opportunity().id()), c.lead().opportunityId());
        Opportunity o = c.opportunity();
        assertEquals("prospecting", o.stage());
        assertEquals(10, o.probability());
        assertEquals("EUR", o.currency());
        assertEquals(new BigDecimal("12000.00"), o.amount());
        assertEquals(Long.valueOf(lead.id()), o.leadId());
        assertEquals(c.accountId(), o.accountId());
        // The lead's capture and the opening are on the contact's timeline.
        List<String> timeline = f.interactions.timeline(grace.id(), Set.of(), 0, 10).stream().map(Interaction::type).toList();
        assertTrue(timeline.toString(), timeline.containsAll(List.of("lead", "opportunity")));

        // Converted once only; a second lead of the same company joins its account, and links the contact it matches.
        assertEquals(Set.of("status"), LeadCaptureTest.refusal(() -> f.sales.convert(lead.id(), null, null, null, "a"))
                .keySet());
        Lead second = f.sales.capture(new NewLead("Grace again", "GRACE@navy.example", null, "US Navy", "event"), null, "a");
        Conversion again = f.sales.convert(second.id(), null, null, null, "agent1");
        assertFalse(again.contactCreated());
        assertEquals(c.contactId(), again.contactId());
        assertEquals(c.accountId(), again.accountId());
        assertEquals(BigDecimal.ZERO, again.opportunity().amount());
        assertEquals(LocalDate.parse("2026-04-09"), again.opportunity().expectedClose());
        assertEquals(1, f.accounts.count("US Navy"));
    }

    @Test
    public void conversionRefusesBadTermsBeforeMakingAnything() {
        f.accounts.create(new NewAccount("Other", null, null, null, null));
        Lead lead = f.sales.capture(new NewLead("Hal", "hal@hal.example", null, "Hal Corp", "event"), null, "agent1");
        long contacts = f.contacts.count();

        Map<String, String> errors = LeadCaptureTest.refusal(() -> f.sales.convert(lead.id(), new BigDecimal("-1"), "EURO",
                null, "agent1"));

        assertEquals(Set.of("amount", "currency"), errors.keySet());
        assertEquals(contacts, f.contacts.count());
        assertEquals(1, f.accounts.count(null));
        assertEquals(LeadStatus.OPEN, f.sales.lead(lead.id()).orElseThrow().status());
        // A lead known by phone alone has no address for the contact its conversion would create.
        Lead byPhone = f.sales.capture(new NewLead("Ivy", null, "+15550199", null, "event"), null, "agent1");
        assertEquals(Set.of("email"), LeadCaptureTest.refusal(() -> f.sales.convert(byPhone.id(), null, null, null, "a"))
                .keySet());
        assertEquals(Set.of("reason"), LeadCaptureTest.refusal(() -> f.sales.qualify(lead.id(), false, " ", "a")).keySet());
        assertEquals(Set.of("id"), LeadCaptureTest.refusal(() -> f.sales.qualify(9999, true, "why", "a")).keySet());
    }

    @Test
    public void ownersNamedAreUsers() {
        f.sales.users(new NamedUsers("maria"));

        assertEquals(Set.of("owner"), LeadCaptureTest.refusal(() -> open("X", "1", null, "2026-04-10", "nobody")).keySet());
        assertEquals("there is no user 'nobody'", LeadCaptureTest.refusal(() -> f.sales.capture(new NewLead("Jo",
                "jo@x.example", null, null, "event", null, "nobody", null), null, "agent1")).get("owner"));
        assertEquals(0, f.sales.countLeads(null));
        assertEquals("maria", open("Y", "1", null, "2026-04-10", "maria").owner());
        // Without an owner named, the caller owns it, whoever that is (an API key's name too).
        assertEquals("webshop", f.sales.open(new NewOpportunity("Z", ada.id(), BigDecimal.ONE, null, null,
                LocalDate.parse("2026-04-10"), null, null), "webshop").owner());
    }

    @Test
    public void stageMovesAreRecordedAndClosingNeedsAReason() {
        Opportunity o = open("Analytical engine", "5000", null, "2026-04-15", "maria");
        f.clock.advance(Duration.ofDays(2));
        f.sales.moveStage(o.id(), "proposal", null, "send the quote", "maria");
        assertEquals(Set.of("reason"), LeadCaptureTest.refusal(() -> f.sales.moveStage(o.id(), "won", null, null, "maria"))
                .keySet());
        assertEquals(Set.of("stage"), LeadCaptureTest.refusal(() -> f.sales.moveStage(o.id(), "signed", "x", null, "maria"))
                .keySet());
        f.clock.advance(Duration.ofDays(8));
        Opportunity won = f.sales.moveStage(o.id(), "won", "best offer", null, "maria");

        assertEquals(100, won.probability());
        assertEquals("best offer", won.closeReason());
        assertEquals("send the quote", won.nextStep());
        assertEquals(f.clock.instant(), won.closedAt());
        List<StageChange> history = f.sales.history(o.id());
        assertEquals(List.of("null>prospecting", "prospecting>proposal", "proposal>won"),
                history.stream().map(c -> c.from() + ">" + c.to()).toList());
        assertEquals("best offer", history.get(2).reason());
        assertEquals(Set.of("stage"), LeadCaptureTest.refusal(() -> f.sales.moveStage(o.id(), "lost", "x", null, "maria"))
                .keySet());
        assertEquals(Set.of("contactId", "amount", "expectedClose", "stage"), LeadCaptureTest.refusal(() -> f.sales.open(
                new NewOpportunity("Bad", 99999L, new BigDecimal("1.23456"), null, "won", null, null, null), "agent1"))
                .keySet());
    }

    @Test
    public void theForecastWeighsAmountsByStageProbabilityPerMonthAndOwner() {
        open("A", "10000", "proposal", "2026-04-10", "maria");        // 50% -> 5000
        open("B", "2000.50", "negotiation", "2026-04-30", "maria");   // 75% -> 1500.375
        open("C", "8000", null, "2026-04-20", "tom");                 // 10% -> 800
        open("D", "1000", "qualification", "2026-05-02", "maria");    // 25% -> 250
        open("E", "999", "proposal", "2026-08-01", "maria");          // outside the range
        Opportunity lost = open("F", "7000", "proposal", "2026-04-11", "maria");
        f.sales.moveStage(lost.id(), "lost", "went with a competitor", null, "maria");

        List<ForecastLine> lines = f.sales.forecast(YearMonth.of(2026, 4), YearMonth.of(2026, 6), null);

        assertEquals(List.of(
                new ForecastLine("2026-04", "maria", "EUR", 2, new BigDecimal("12000.50"), new BigDecimal("6500.38")),
                new ForecastLine("2026-04", "tom", "EUR", 1, new BigDecimal("8000.00"), new BigDecimal("800.00")),
                new ForecastLine("2026-05", "maria", "EUR", 1, new BigDecimal("1000.00"), new BigDecimal("250.00"))), lines);
        assertEquals(1, f.sales.forecast(YearMonth.of(2026, 4), YearMonth.of(2026, 6), "tom").size());

        assertEquals(2, f.sales.countOpportunities(new OpportunityQuery("proposal", null, null, 0, 50)));
        assertEquals(List.of("A", "F", "C", "B"), f.sales.opportunities(new OpportunityQuery(null, null,
                YearMonth.of(2026, 4), 0, 50)).stream().map(Opportunity::name).toList());
        assertEquals(List.of("C"), f.sales.opportunities(new OpportunityQuery(null, "tom", null, 0, 50)).stream()
                .map(Opportunity::name).toList());
    }

    @Test
    public void statisticsCountStagesWinRateAndCycleTime() {
        assertNull(f.sales.statistics().winRate());
        Opportunity a = open("A", "100", null, "2026-04-10", "maria");
        Opportunity b = open("B", "100", null, "2026-04-10", "maria");
        Opportunity c = open("C", "100", null, "2026-04-10", "maria");
        open("D", "100", null, "2026-04-10", "maria");
        f.clock.advance(Duration.ofDays(10));
        f.sales.moveStage(a.id(), "won", "signed", null, "maria");
        f.clock.advance(Duration.ofDays(20));
        f.sales.moveStage(b.id(), "won", "signed", null, "maria");
        f.sales.moveStage(c.id(), "lost", "no budget", null, "maria");
        f.sales.capture(new NewLead("Lead", "l@x.example", null, null, "event"), null, "a");

        PipelineStatistics s = f.sales.statistics();

        assertEquals(Long.valueOf(1), s.byStage().get("prospecting"));
        assertEquals(Long.valueOf(2), s.byStage().get("won"));
        assertEquals(2, s.won());
        assertEquals(1, s.lost());
        assertEquals(Double.valueOf(66.7), s.winRate());
        assertEquals(Double.valueOf(20.0), s.averageCycleDays());
        assertEquals(Long.valueOf(1), s.leadsByStatus().get("open"));
        assertEquals(Double.valueOf(0.0), s.leadConversionRate());
        // All four reached prospecting; A and B went further (won), C was lost there, D is still in it.
        assertEquals(Double.valueOf(50.0), s.stageConversion().get("prospecting"));
        assertEquals(Double.valueOf(100.0), s.stageConversion().get("negotiation"));
        assertEquals(4, s.stageConversion().size());
    }

    @Test
    public void erasureDeletesTheContactsLeadsAndAnonymisesItsOpportunities() {
        SalesErasure erasure = new SalesErasure(db.emf("rapport-sales"), f.contacts, f.ledger);
        f.deployShippedRules();
        Lead linked = f.sales.capture(new NewLead("Ada", "ada@acme.example", null, null, "event"), null, "a");
        Opportunity o = open("Engine", "500", null, "2026-04-10", "maria");
        f.sales.setLines(o.id(), List.of(new OpportunityLine("ENG-1", "Engine", BigDecimal.ONE, new BigDecimal("500"),
                null)), "maria");
        f.sales.moveStage(o.id(), "lost", "Ada said no", null, "maria");
        Lead other = f.sales.capture(new NewLead("Bea", "bea@acme.example", null, null, "event"), null, "a");
        assertEquals(List.of(linked.id()), ((List<?>) erasure.export(ada.id()).get("leads")).stream()
                .map(l -> ((Map<?, ?>) l).get("id")).toList());
        List<?> exported = (List<?>) erasure.export(ada.id()).get("opportunities");
        assertEquals(1, exported.size());
        assertEquals("ENG-1", ((Map<?, ?>) ((List<?>) ((Map<?, ?>) exported.get(0)).get("lines")).get(0)).get("sku"));
        assertFalse(f.ledger.about(linked.subject(), 10).isEmpty());

        String report = erasure.erase(ada.id());

        assertTrue(report, report.startsWith("1 lead(s)"));
        assertTrue(f.sales.lead(linked.id()).isEmpty());
        assertTrue(f.ledger.about(linked.subject(), 10).isEmpty());
        assertTrue(f.sales.lead(other.id()).isPresent());
        Opportunity anonymised = f.sales.opportunity(o.id()).orElseThrow();
        assertEquals(SalesErasure.ERASED, anonymised.name());
        assertNull(anonymised.contactId());
        assertEquals(new BigDecimal("500.0000"), anonymised.amount());
        assertTrue(f.sales.history(o.id()).stream().allMatch(c -> c.reason() == null));
        assertEquals(List.of(), erasure.export(ada.id()).get("leads"));
        assertTrue(erasure.erase(ada.id()).startsWith("0 lead(s)"));
    }
}
