package org.rapport.campaigns.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.campaigns.api.Campaign;
import org.rapport.campaigns.api.CampaignFigures;
import org.rapport.campaigns.api.UnsubscribeOutcome;
import org.rapport.communication.api.Message;
import org.rapport.communication.api.OutgoingMessage;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.privacy.api.ConsentState;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * A test of a campaign sent to the person who asks, at the contact the administrator names as
 * theirs, through the outbox: not a recipient, in none of the figures, its unsubscribe link leading
 * nowhere, a few a minute.
 */
@Category(UsesDatabase.class)
public class TestSendsTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-campaigns", "rapport-contacts", "rapport-segments",
            "rapport-communication", "rapport-privacy", "rapport-rules");

    private CampaignsFixture f;

    @Before
    public void setUp() {
        f = new CampaignsFixture(db);
    }

    @After
    public void tearDown() {
        f.close();
    }

    @Test
    public void aTestGoesToTheSendersOwnAddressOnlyAndCountsNowhere() {
        long ana = f.customer("ana", "staff", ConsentState.GRANTED, null);
        long ada = f.customer("ada", "spring", ConsentState.GRANTED, null);
        f.segments.define("spring", "spring buyers", "tag:spring", "analyst");
        Campaign draft = f.campaigns.define(f.campaign("spring-sale", "spring", 60, "spring-a", "spring-b"), "analyst");
        TestSends tests = new TestSends(f.campaigns, f.messages, CampaignsFixture.config(Map.of(
                "publicUrl", CampaignsFixture.PUBLIC_URL, "testContacts", new String[] {"ana=" + ana, "bad entry, x=y"},
                "testsPerMinute", 2)), f.clock);

        Message queued = tests.send(draft.id(), "spring-b", "ana");
        assertEquals(ana, queued.contactId());
        assertTrue(queued.reference(), queued.reference().startsWith("campaign-test-" + draft.id() + "-"));
        f.dispatch();
        assertEquals(1, f.delivered.size());
        OutgoingMessage mail = f.delivered.get(0);
        assertEquals("ana@example.com", mail.address());
        assertEquals("Spring spring-b", mail.subject());
        String link = CampaignsFixture.PUBLIC_URL + "api/v1/unsubscribe/" + TestSends.TEST_TOKEN;
        assertTrue(mail.body(), mail.body().contains("Unsubscribe: " + link));
        assertEquals("<" + link + ">", mail.headers().get("List-Unsubscribe"));
        assertEquals("a test's link withdraws nothing", UnsubscribeOutcome.INVALID, f.campaigns.unsubscribe(TestSends.TEST_TOKEN));

        try {
            tests.send(draft.id(), "no-link", "ana");
            fail("a template that is no variant was sent");
        } catch (ContactValidationException e) {
            assertEquals(List.of("variant"), List.copyOf(e.fieldErrors().keySet()));
            assertTrue(e.fieldErrors().get("variant"), e.fieldErrors().get("variant").contains("[spring-a, spring-b]"));
        }
        for (String stranger : new String[] {"bob", "x"}) {
            try {
                tests.send(draft.id(), "spring-a", stranger);
                fail("sent without an address of the sender's own");
            } catch (IllegalStateException e) {
                assertTrue(e.getMessage(), e.getMessage().contains("testContacts of etc/org.rapport.campaigns.cfg"));
            }
        }
        tests.send(draft.id(), "spring-a", "ana");
        try {
            tests.send(draft.id(), "spring-a", "ana");
            fail("a third test in the minute");
        } catch (TestSends.TooMany e) {
            assertTrue(e.getMessage(), e.getMessage().contains("wait a minute"));
        }
        f.clock.advance(Duration.ofMinutes(1));
        tests.send(draft.id(), "spring-a", "ana");
        f.dispatch();
        assertEquals(3, f.delivered.size());
        assertTrue(f.delivered.stream().allMatch(m -> m.contactId() == ana));

        f.campaigns.launch(draft.id(), "analyst");
        f.dispatch();
        CampaignFigures.Line total = f.campaigns.figures(draft.id()).total();
        assertEquals("the tests are no recipients", 1, total.targeted());
        assertEquals(1, total.sent());
        assertEquals(ada, f.delivered.get(3).contactId());

        TestSends unlinked = new TestSends(f.campaigns, f.messages, CampaignsFixture.config(Map.of(
                "testContacts", new String[] {"ana=" + ana})), f.clock);
        try {
            unlinked.send(draft.id(), "spring-a", "ana");
            fail("sent without a public address for its links");
        } catch (IllegalStateException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("publicUrl in etc/org.rapport.campaigns.cfg"));
        }
        try {
            tests.send(draft.id() + 99, "spring-a", "ana");
            fail("a test of no campaign");
        } catch (IllegalArgumentException e) {
            assertEquals("no campaign with id " + (draft.id() + 99), e.getMessage());
        }
    }
}
