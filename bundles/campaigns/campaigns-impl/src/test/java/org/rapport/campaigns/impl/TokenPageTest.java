package org.rapport.campaigns.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.ws.rs.core.Response;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.campaigns.api.Campaign;
import org.rapport.campaigns.impl.rest.AcceptResource;
import org.rapport.campaigns.impl.rest.UnsubscribeResource;
import org.rapport.privacy.api.ConsentState;
import org.rapport.rest.ApiException;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * The public pages behind a message's links ({@code rest.TokenPage}): the same page and limit for
 * unsubscribing and accepting, each with its own outcome, on the real components of
 * {@link CampaignsFixture}.
 */
@Category(UsesDatabase.class)
public class TokenPageTest {

    private static final Pattern LINK = Pattern.compile("/api/v1/unsubscribe/(\\S+)");

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
    public void aGetChangesNothingAPostDoesTheLinksOutcomeAndBothLinksShareTheLimit() {
        long ada = f.customer("ada", "spring", ConsentState.GRANTED, null);
        f.segments.define("spring", "spring buyers", "tag:spring", "analyst");
        Campaign c = f.campaigns.define(f.campaign("spring-sale", "spring", 10, "spring-a"), "analyst");
        f.campaigns.launch(c.id(), "analyst");
        f.dispatch();
        Matcher link = LINK.matcher(f.delivered.get(0).body());
        assertTrue(link.find());
        String token = link.group(1);
        String forged = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
        PublicRequests limit = new PublicRequests(3, f.clock);
        UnsubscribeResource unsubscribe = new UnsubscribeResource(f.campaigns, limit);
        AcceptResource accept = new AcceptResource(f.campaigns, limit);

        Response page = unsubscribe.page(token);
        assertEquals(200, page.getStatus());
        assertTrue((String) page.getEntity(), ((String) page.getEntity()).contains("value=\"One-Click\">Unsubscribe"));
        assertTrue(((String) accept.page(token).getEntity()).contains("Accept the offer"));
        assertTrue("a GET withdraws nothing", f.consent.check(ada, "marketing", "email", "x", "test").allowed());

        assertEquals(404, unsubscribe.post(forged, null).getStatus());
        Response done = unsubscribe.post(token, null);
        assertEquals(200, done.getStatus());
        assertTrue((String) done.getEntity(), ((String) done.getEntity()).contains("You are unsubscribed"));
        assertEquals("no-store", done.getHeaderString("Cache-Control"));
        assertFalse(f.consent.check(ada, "marketing", "email", "x", "test").allowed());
        assertEquals("an unsubscribe token accepts no offer", 404, accept.post(token, null).getStatus());
        ApiException limited = assertThrows(ApiException.class, () -> unsubscribe.post(token, null));
        assertEquals(429, limited.status());
    }
}
