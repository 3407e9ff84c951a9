package org.rapport.service.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.contacts.api.NewContact;
import org.rapport.loyalty.api.PurchaseEvent;
import org.rapport.rules.api.LedgerEntry;
import org.rapport.service.api.NewCase;
import org.rapport.service.api.ServiceCase;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * Targets decided by the shipped rules/service from priority, channel and loyalty tier, counted in
 * Berlin's business hours (Monday to Friday, 9 to 17), each with its decision in the ledger.
 */
@Category(UsesDatabase.class)
public class SlaTargetsTest {

    private static final String NORMAL = "SLA-003 A normal case is answered within 8 business hours and resolved within 40";

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-service", "rapport-contacts", "rapport-rules",
            "rapport-loyalty");

    private ServiceFixture f;
    private long ada;

    @Before
    public void setUp() {
        f = new ServiceFixture(db, ServiceFixture.berlin()).withShippedRules();
        ada = f.contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace")).id();
        // Friday 13 March 2026, 16:00 in Berlin: an hour of business left in the week.
        f.clock.advance(Duration.ofDays(4).plusHours(6));
    }

    private ServiceCase open(long contact, String channel, String priority) {
        return f.cases.open(new NewCase("Help", contact, channel, priority, null, null, "Please help"), "agent1");
    }

    @Test
    public void aFridayAfternoonCaseIsDueInNextWeeksBusinessHoursAndAnUrgentOneAroundTheClock() {
        ServiceCase normal = open(ada, "email", null);
        assertEquals("1 hour on Friday, 7 on Monday", Instant.parse("2026-03-16T15:00:00Z"), normal.firstResponseDue());
        assertEquals("1 + 4 x 8 + 7 hours", Instant.parse("2026-03-20T15:00:00Z"), normal.resolutionDue());
        assertEquals(NORMAL, normal.firstResponseRule());
        assertEquals(NORMAL, normal.resolutionRule());
        assertEquals(Long.valueOf(1), normal.slaRelease());
        assertNull("no member", normal.tier());

        ServiceCase urgent = open(ada, "email", "urgent");
        assertEquals(Instant.parse("2026-03-13T16:00:00Z"), urgent.firstResponseDue());
        assertEquals(Instant.parse("2026-03-13T23:00:00Z"), urgent.resolutionDue());

        ServiceCase chat = open(ada, "chat", "normal");
        assertEquals("the live channel's hour is the earliest", Instant.parse("2026-03-13T16:00:00Z"),
                chat.firstResponseDue());
        assertEquals("SLA-010 A case from chat or the phone is answered within 1 business hour", chat.firstResponseRule());
        assertEquals(NORMAL, chat.resolutionRule());

        List<LedgerEntry> why = f.ledger.about(chat.decisionSubject(), 10);
        assertEquals("only the targets that count are applied", 2, why.size());
        assertTrue(why.stream().allMatch(e -> e.decision().rulePackage().equals("service") && e.decision().release() == 1));
        assertEquals("CaseProfile[case " + chat.id() + ", priority normal, channel chat, queue support, tier null]",
                why.get(0).facts());
    }

    @Test
    public void aGoldMembersCaseGetsTheTiersTighterTargets() {
        f.loyalty.recordPurchase(new PurchaseEvent(ada, "ORDER-1", new BigDecimal("6000"), "EUR", "store", null, null),
                "till");
        ServiceCase gold = open(ada, "email", "normal");
        assertEquals("Gold", gold.tier());
        assertEquals("1 hour on Friday, 1 on Monday", Instant.parse("2026-03-16T09:00:00Z"), gold.firstResponseDue());
        assertEquals("1 + 8 + 8 + 7 hours", Instant.parse("2026-03-18T15:00:00Z"), gold.resolutionDue());
        String tier = "SLA-020 A Gold or Platinum member is answered within 2 business hours and resolved within 24";
        assertEquals(tier, gold.firstResponseRule());
        assertEquals(List.of(tier, tier), f.ledger.about(gold.decisionSubject(), 10).stream().map(e -> e.decision().rule())
                .toList());
        assertTrue(f.ledger.about(gold.decisionSubject(), 10).get(0).facts().endsWith("tier Gold]"));
    }

    @Test
    public void businessHoursFollowTheTimeZonesDaylightSavingTime() {
        // Friday 27 March 2026, 16:00 CET; the clocks go forward on Sunday 29 March.
        f.clock.advance(Duration.ofDays(14));
        ServiceCase c = open(ada, "email", "normal");
        assertEquals("Monday 30 March 16:00 CEST", Instant.parse("2026-03-30T14:00:00Z"), c.firstResponseDue());
    }

    @Test
    public void withoutAnActiveReleaseACaseOpensWithoutTargets() {
        ServiceFixture bare = new ServiceFixture(db, ServiceFixture.berlin());
        ServiceCase c = bare.cases.open(new NewCase("Help", ada, "email", null, null, null, "Please"), "agent1");
        assertNull(c.firstResponseDue());
        assertNull(c.resolutionDue());
        assertEquals(List.of(), bare.ledger.about(c.decisionSubject(), 10));
        assertEquals(List.of(), bare.cases.checkTargets());
    }

    @Test
    public void badBusinessHoursAreRefusedNamingEachSetting() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> BusinessHours.of(
                ServiceFixture.config(Map.of("weekdays", new String[] {"mon, funday"}, "opens", "18:00",
                        "closes", "08:00", "timeZone", "Mars/Olympus"))));
        assertEquals("etc/org.rapport.service.cfg: {weekdays='funday' is not one of mon, tue, wed, thu, fri, sat, sun, "
                + "closes=08:00 is not after the opening time 18:00, timeZone='Mars/Olympus' is not a time zone "
                + "(Europe/Berlin, UTC)}", refused.getMessage());
        assertEquals("etc/org.rapport.service.cfg: queues: 'VIP desk' is not a queue name (lower-case letters, digits, "
                + "'-', at most 40)", assertThrows(IllegalArgumentException.class, () -> CaseInput.queues(
                        new String[] {"support, VIP desk"})).getMessage());
    }
}
