package org.rapport.service.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.ws.rs.core.Response;

import jakarta.mail.internet.MimeMessage;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.experimental.categories.Category;
import org.rapport.communication.impl.TwoWay;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.NewContact;
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentState;
import org.rapport.privacy.impl.ConsentServiceImpl;
import org.rapport.service.api.CaseStatus;
import org.rapport.service.api.NewCase;
import org.rapport.service.api.ServiceCase;
import org.rapport.service.impl.rest.SurveyResource;
import org.rapport.testing.TestPersistence;
import org.rapport.testing.UsesDatabase;

/**
 * The survey page in the contact's language, on the service desk with communication's real outbox
 * and mail server on Derby: a French-Canadian contact's link speaks French (its primary language),
 * before and after the answer; a contact of a language without texts, and a link that is not
 * this server's, get English.
 */
@Category(UsesDatabase.class)
public class SurveyPageTest {

    private static final Pattern LINK = Pattern.compile("http://localhost:8181/api/v1/surveys/([0-9A-Za-z_-]+)");

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-service", "rapport-contacts", "rapport-rules",
            "rapport-loyalty", "rapport-communication", "rapport-privacy");

    private ServiceFixture kit;
    private TwoWay comms;
    private ConsentServiceImpl consent;
    private SurveyResource page;

    @Before
    public void setUp() throws Exception {
        Map<String, Object> settings = new HashMap<>();
        settings.put("surveys", true);
        settings.put("publicUrl", "http://localhost:8181/");
        settings.put("loopbackHttp", true);
        kit = new ServiceFixture(db, settings);
        consent = new ConsentServiceImpl(db.emf("rapport-privacy"), kit.contacts, kit.clock, List.of("marketing",
                "service"));
        comms = new TwoWay(db.emf("rapport-communication"), db.dataSource(), kit.contacts, kit.interactions, consent,
                kit.clock, e -> { });
        kit.cases.bindMessages(comms.messages);
        page = new SurveyResource(new SurveyAnswers(kit.cases, kit.contacts));
    }

    @After
    public void tearDown() {
        comms.close();
    }

    /** The token of the survey a contact of {@code language} gets when their case closes. */
    private String surveyed(String email, String language) throws Exception {
        long contact = kit.contacts.create(new NewContact(email, "Sam", "Doe", null, language, null, null)).id();
        consent.record(new ConsentChange(contact, "service", Channel.EMAIL, ConsentState.GRANTED, null, "web form", null,
                null), "agent");
        ServiceCase c = kit.cases.open(new NewCase("Help", contact, "email", null, null, "agent1", "Help"), "agent1");
        kit.cases.reply(c.id(), "Done.", "agent1");
        kit.cases.transition(c.id(), CaseStatus.CLOSED, "agent1");
        comms.dispatch();
        // The reply and the survey leave side by side, in either order: the survey is the mail with the link.
        MimeMessage[] all = comms.mail.getReceivedMessages();
        for (int i = all.length - 1; i >= 0; i--) {
            Matcher link = LINK.matcher(all[i].getContent().toString());
            if (all[i].getAllRecipients()[0].toString().equals(email) && link.find()) {
                return link.group(1);
            }
        }
        throw new AssertionError("no survey reached " + email);
    }

    private static String html(Response response) {
        return (String) response.getEntity();
    }

    @Test
    public void theSurveyPageSpeaksTheContactsLanguageElseEnglish() throws Exception {
        String french = surveyed("elodie@example.com", "fr-CA");
        String swahili = surveyed("kofi@example.com", "sw");

        Response form = page.page(french);
        assertEquals(200, form.getStatus());
        assertTrue(html(form), html(form).startsWith("<!DOCTYPE html><html lang=\"fr\">"));
        assertTrue(html(form), html(form).contains("<title>Comment avons-nous fait ?</title>"));
        assertTrue(html(form), html(form).contains("Êtes-vous satisfait de notre aide, de 1 (pas du tout) à 5 (très) ?"));
        assertTrue(html(form), html(form).contains("<button type=\"submit\">Envoyer</button>"));
        assertEquals("Merci pour votre réponse.", said(page.answer(french, "5", "Parfait"), 200));
        assertEquals("Vous avez déjà répondu à cette enquête. Merci.", said(page.answer(french, "1", "encore"), 409));
        assertEquals("Vous avez déjà répondu à cette enquête. Merci.", said(page.page(french), 409));

        Response english = page.page(swahili);
        assertTrue(html(english), html(english).contains("lang=\"en\"") && html(english).contains("How satisfied are you"));
        String forged = french.substring(0, french.length() - 1) + (french.endsWith("A") ? "B" : "A");
        assertEquals("This link is not one of ours.", said(page.page(forged), 404));
    }

    /** The one paragraph of an answer's page, checked for its status. */
    private static String said(Response response, int status) {
        assertEquals(html(response), status, response.getStatus());
        Matcher p = Pattern.compile("<p>(.*)</p>").matcher(html(response));
        assertTrue(html(response), p.find());
        return p.group(1);
    }
}
