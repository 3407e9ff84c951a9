package org.rapport.campaigns.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.campaigns.api.Campaign;
import org.rapport.campaigns.api.CampaignPreview;
import org.rapport.campaigns.api.CampaignStatus;
import org.rapport.campaigns.api.NewCampaign;
import org.rapport.campaigns.api.Schedule;
import org.rapport.campaigns.api.Variant;
import org.rapport.communication.api.OutgoingMessage;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.NewContact;
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentState;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * A campaign whose audience is a one-off condition instead of a segment, on the real components of
 * {@link CampaignsFixture}: checked as segments check conditions, previewed recording nothing, its
 * matches (those a marketing segment would hold) frozen at launch, later changes to contacts not
 * changing them.
 */
@Category(UsesDatabase.class)
public class ConditionAudienceTest {

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

    private static NewCampaign once(String name, String segment, String condition, Schedule schedule) {
        return new NewCampaign(name, segment, "marketing", "email", List.of(new Variant("spring-a", 100)), null, 100,
                schedule, condition);
    }

    private Set<String> refused(NewCampaign c) {
        try {
            f.campaigns.define(c, "analyst");
            fail("accepted");
            return null;
        } catch (ContactValidationException e) {
            return e.fieldErrors().keySet();
        }
    }

    @Test
    public void theMatchesOfAConditionAreFrozenAtLaunchAndLaterChangesDoNotChangeTheAudience() {
        long ada = f.customer("ada", "spring", ConsentState.GRANTED, null);
        f.customer("bob", "spring", null, null);
        long cy = f.customer("cy", "spring", ConsentState.GRANTED, null);
        long dan = f.customer("dan", "autumn", ConsentState.GRANTED, null);
        f.consent.record(new ConsentChange(cy, "profiling", null, ConsentState.WITHDRAWN, null, "call centre", null,
                null), "agent");
        f.segments.define("spring", "spring buyers", "tag:spring", "analyst");

        assertEquals(Set.of("condition"), refused(once("odd", null, "spent>=lots", null)));
        assertEquals(Set.of("condition"), refused(once("odd", null, "segment:spring", null)));
        assertEquals(Set.of("condition"), refused(once("odd", "spring", "tag:spring", null)));
        assertEquals(Set.of("segment"), refused(once("odd", null, " ", null)));
        assertEquals(Set.of("condition"), refused(once("odd", null, "tag:spring", new Schedule("daily", null,
                "09:00", "UTC"))));
        assertEquals("nothing stored", List.of(), f.campaigns.list());

        Campaign draft = f.campaigns.define(new NewCampaign("spring-once", null, "marketing", "email",
                List.of(new Variant("spring-a", 100)), f.clock.instant().plus(Duration.ofHours(1)), 100, null,
                " tag:spring "), "analyst");
        assertNull(draft.segment());
        assertEquals("tag:spring", draft.condition());
        int blocks = f.consent.blocks(cy, 10).size();
        CampaignPreview preview = f.campaigns.preview(draft.id());
        assertEquals("Cy objected to profiling: left out as from a marketing segment", 2, preview.audience());
        assertEquals(1, preview.reachable());
        assertEquals(Map.of("no consent recorded for marketing by email", 1L), preview.heldBack());
        assertEquals("a preview records no block", blocks, f.consent.blocks(cy, 10).size());

        Campaign launched = f.campaigns.launch(draft.id(), "analyst");
        assertEquals(CampaignStatus.SCHEDULED, launched.status());
        assertEquals(2, launched.recipients());
        assertEquals(blocks + 1, f.consent.blocks(cy, 10).size());
        assertEquals("campaign spring-once", f.consent.blocks(cy, 10).get(0).requester());

        f.contacts.update(dan, new NewContact("dan@example.com", "dan", "Test", null, "en", null, Set.of("spring")));
        f.clock.advance(Duration.ofHours(1));
        f.sending.kick("test");
        f.dispatch();

        assertEquals("Dan, tagged after the launch, is not in the audience frozen then",
                List.of(ada), f.delivered.stream().map(OutgoingMessage::contactId).toList());
        assertEquals(2, f.campaigns.figures(draft.id()).total().targeted());
        assertEquals(CampaignStatus.DONE, f.campaigns.find(draft.id()).orElseThrow().status());
    }
}
