package org.rapport.sales.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.NewContact;
import org.rapport.privacy.api.Consent;
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentState;
import org.rapport.sales.api.Lead;
import org.rapport.sales.api.NewLead;
import org.rapport.sales.api.SalesValidationException;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** Capturing leads on Derby: matched to contacts, refused field by field, web forms' bot checks, consent. */
@Category(UsesDatabase.class)
public class LeadCaptureTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-sales", "rapport-contacts", "rapport-rules",
            "rapport-privacy");

    private SalesFixture f;
    private FormCapture forms;

    @Before
    public void setUp() {
        f = new SalesFixture(db, Map.of("forms", new String[] {"website-contact|web-form|marketing", "webinar|event|"},
                "formRequestsPerMinute", 3));
        f.deployShippedRules();
        forms = new FormCapture(f.sales, f.config, f.clock);
    }

    static Map<String, String> refusal(Runnable call) {
        try {
            call.run();
        } catch (SalesValidationException e) {
            return e.fieldErrors();
        }
        throw new AssertionError("not refused");
    }

    @Test
    public void aLeadWithTheEmailOfAContactIsLinkedToItNotMadeAContact() {
        Contact ada = f.contacts.create(new NewContact("ada@acme.example", "Ada", "Lovelace"));
        long contactsBefore = f.contacts.count();

        Lead lead = f.sales.capture(new NewLead("Ada Lovelace", "ADA@Acme.Example", null, null, "import"), null, "agent1");

        assertEquals(Long.valueOf(ada.id()), lead.contactId());
        assertEquals(contactsBefore, f.contacts.count());
        assertEquals("ADA@Acme.Example", lead.email());
        assertEquals(lead, f.sales.lead(lead.id()).orElseThrow());
        assertEquals(1, f.sales.countLeads(null));
    }

    @Test
    public void withoutAnEmailAddressTheLeadIsMatchedByPhone() {
        Contact bob = f.contacts.create(new NewContact("bob@example.com", "Bob", null, "+44 20 7946 0001", null, null, null));

        Lead byPhone = f.sales.capture(new NewLead("Bob", null, "+44 (20) 7946-0001", null, "event"), null, "agent1");
        Lead stranger = f.sales.capture(new NewLead("Cy", null, "+44 20 7946 0002", null, "event"), null, "agent1");

        assertEquals(Long.valueOf(bob.id()), byPhone.contactId());
        assertEquals("+442079460001", byPhone.phone());
        assertNull(stranger.contactId());
    }

    @Test
    public void everyBadFieldIsNamedAndNothingIsStored() {
        Map<String, String> errors = refusal(() -> f.sales.capture(new NewLead(" ", "not-an-address", "12", "x".repeat(201),
                "Web Form!", Map.of("budget size", "big", "timeline", "a\u0000b"), "bad owner", null), null, "agent1"));

        assertEquals(Set.of("name", "email", "phone", "company", "source", "answers.budget size", "answers.timeline",
                "owner"), errors.keySet());
        assertTrue(errors.get("email"), errors.get("email").contains("not-an-address"));
        assertEquals(0, f.sales.countLeads(null));

        assertEquals(Set.of("email"), refusal(() -> f.sales.capture(new NewLead("Dee", null, null, null, "event"), null,
                "agent1")).keySet());
        assertEquals(Set.of("consents"), refusal(() -> f.sales.capture(new NewLead("Dee", "dee@example.com", null, null,
                "event", null, null, Set.of("spam")), null, "agent1")).keySet());
        assertEquals(0, f.sales.countLeads(null));
    }

    @Test
    public void consentGivenWithALeadIsRecordedForItsContactAtOnceOrAtConversion() {
        Contact ada = f.contacts.create(new NewContact("ada@acme.example", "Ada", "Lovelace"));
        f.sales.capture(new NewLead("Ada", "ada@acme.example", null, null, "event", null, null, Set.of("marketing")), null,
                "agent1");

        List<Consent> current = f.consents.current(ada.id());
        assertEquals(1, current.size());
        assertEquals("marketing", current.get(0).purpose());
        assertEquals(ConsentState.GRANTED, current.get(0).state());
        assertEquals("lead capture", current.get(0).source());

        Lead stranger = f.sales.capture(new NewLead("Eve Example", "eve@example.com", null, null, "event", null, null,
                Set.of("marketing", "profiling")), null, "agent1");
        long contact = f.sales.convert(stranger.id(), null, null, null, "agent1").contactId();
        assertEquals(Set.of("marketing", "profiling"), Set.copyOf(f.consents.current(contact).stream()
                .map(Consent::purpose).toList()));
        assertEquals("lead " + stranger.id(), f.consents.current(contact).get(0).proof());
    }

    private FormCapture.Submission submission(String email, String website, String started) {
        return new FormCapture.Submission("Fay Form", email, null, "Acme", Map.of("budget", "over-10k"),
                Set.of("marketing"), website, started);
    }

    @Test
    public void aPersonsFormIsCapturedWithItsFormsSourceAndConsent() {
        Contact fay = f.contacts.create(new NewContact("fay@acme.example", "Fay", "Form"));
        // Fay unsubscribed; anybody may send the public form with her address.
        f.consents.record(new ConsentChange(fay.id(), "marketing", Channel.EMAIL, ConsentState.WITHDRAWN, null,
                "unsubscribe link", null, null), "fay");
        String started = forms.issue("website-contact").orElseThrow().started();
        f.clock.advance(Duration.ofSeconds(20));

        Lead lead = forms.submit("website-contact", submission("fay@acme.example", "", started), "10.0.0.1").orElseThrow();

        assertEquals("web-form", lead.source());
        assertEquals("website-contact", lead.form());
        assertEquals(Long.valueOf(fay.id()), lead.contactId());
        // business address 10, company 10, web form 10, budget 20
        assertEquals(Integer.valueOf(50), lead.score());
        // The form's consent is not hers until an agent converts the lead: her unsubscribe stands meanwhile.
        assertEquals(List.of("unsubscribe link"), f.consents.current(fay.id()).stream().map(Consent::source).toList());
        assertFalse(f.consents.check(fay.id(), "marketing", "email", "test", "test").allowed());
        f.sales.convert(lead.id(), null, null, null, "agent1");
        assertEquals("web form website-contact", f.consents.current(fay.id()).get(0).source());
        assertEquals("lead " + lead.id(), f.consents.current(fay.id()).get(0).proof());
        assertEquals(Optional.empty(), forms.issue("no-such-form"));
        assertEquals(Optional.empty(), forms.submit("no-such-form", submission("x@acme.example", null, started), "10.0.0.1"));
    }

    @Test
    public void botsAreRefusedAndNothingIsStored() {
        String started = forms.issue("website-contact").orElseThrow().started();
        f.clock.advance(Duration.ofSeconds(1));
        // Filled faster than a person can.
        assertTrue(refusal(() -> forms.submit("website-contact", submission("a@acme.example", null, started), "10.0.0.2"))
                .get("started").contains("at least 3 s"));
        f.clock.advance(Duration.ofSeconds(10));
        // The honeypot filled in.
        assertEquals(Set.of("website"), refusal(() -> forms.submit("website-contact", submission("a@acme.example",
                "http://spam.example", started), "10.0.0.3")).keySet());
        // A start time made up, one signed for another form, none at all.
        long at = f.clock.millis() - 60_000;
        assertEquals(Set.of("started"), refusal(() -> forms.submit("website-contact", submission("a@acme.example", null,
                at + ".AAAA"), "10.0.0.4")).keySet());
        String otherForm = forms.issue("webinar").orElseThrow().started();
        f.clock.advance(Duration.ofSeconds(10));
        assertEquals(Set.of("started"), refusal(() -> forms.submit("website-contact", submission("a@acme.example", null,
                otherForm), "10.0.0.5")).keySet());
        assertEquals(Set.of("started"), refusal(() -> forms.submit("website-contact", submission("a@acme.example", null,
                null), "10.0.0.6")).keySet());
        // Too old.
        f.clock.advance(Duration.ofHours(3));
        assertTrue(refusal(() -> forms.submit("website-contact", submission("a@acme.example", null, started), "10.0.0.7"))
                .get("started").contains("load it again"));
        // Consent the form does not collect.
        String fresh = forms.issue("webinar").orElseThrow().started();
        f.clock.advance(Duration.ofSeconds(10));
        assertEquals(Set.of("consents"), refusal(() -> forms.submit("webinar", submission("a@acme.example", null, fresh),
                "10.0.0.8")).keySet());
        assertEquals(0, f.sales.countLeads(null));
    }

    @Test
    public void anAddressSendingMoreThanItsShareInAMinuteIsRefused() {
        String started = forms.issue("website-contact").orElseThrow().started();
        f.clock.advance(Duration.ofSeconds(30));
        for (int i = 0; i < 3; i++) {
            forms.submit("website-contact", submission("p" + i + "@acme.example", null, started), "10.0.0.9");
        }
        try {
            forms.submit("website-contact", submission("p9@acme.example", null, started), "10.0.0.9");
            fail("a fourth submission in the minute was taken");
        } catch (FormCapture.TooManySubmissions expected) {
            assertTrue(expected.getMessage(), expected.getMessage().contains("10.0.0.9"));
        }
        // Another address, and the same one a minute later, are served.
        forms.submit("website-contact", submission("q@acme.example", null, started), "10.0.0.10");
        f.clock.advance(Duration.ofMinutes(1));
        forms.submit("website-contact", submission("r@acme.example", null, started), "10.0.0.9");
        assertEquals(5, f.sales.countLeads(null));
    }

    @Test
    public void formSettingsChangeLiveABadOneIsRefusedAndFormsIssuedBeforeStillCount() {
        String started = forms.issue("website-contact").orElseThrow().started();
        assertEquals(Optional.empty(), forms.issue("newsletter"));

        forms.modified(SalesFixture.config(Map.of("forms", new String[] {"website-contact|web-form|marketing",
            "newsletter|web-form|marketing"})));
        assertTrue("a form added is issued at once", forms.issue("newsletter").isPresent());
        forms.modified(SalesFixture.config(Map.of("forms", new String[] {"Not A Form"})));
        assertTrue("a bad value changes nothing", forms.issue("newsletter").isPresent());

        f.clock.advance(Duration.ofSeconds(20));
        // Without a secret of its own the random one stays: the form issued before the edits is taken.
        assertTrue(forms.submit("website-contact", submission("gil@acme.example", "", started), "10.0.0.9").isPresent());
    }
}
