package org.rapport.communication.impl;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.Completer;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.rapport.communication.api.MessageChannel;
import org.rapport.communication.api.Template;
import org.rapport.communication.api.shell.CommunicationCompleters;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.contacts.impl.InteractionServiceImpl;
import org.rapport.privacy.impl.ConsentServiceImpl;
import org.rapport.rest.Roles;
import org.rapport.testing.MutableClock;
import org.rapport.testing.ShellSessions;
import org.rapport.testing.TestPersistence;
import org.junit.experimental.categories.Category;
import org.rapport.testing.UsesDatabase;

/** The template and channel completers of the API on the real message service. */
@Category(UsesDatabase.class)
public class CommunicationCompletersTest {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-communication", "rapport-contacts", "rapport-privacy");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T10:00:00Z"));
    private MessageServiceImpl messages;

    @Before
    public void setUp() throws IOException {
        ContactServiceImpl contacts = new ContactServiceImpl(db.emf("rapport-contacts"));
        messages = new MessageServiceImpl(db.emf(), contacts, new InteractionServiceImpl(db.emf("rapport-contacts")),
                new ConsentServiceImpl(db.emf("rapport-privacy"), contacts, clock, List.of("service")), new ChannelRegistry(),
                clock, new DispatchSettings(50, 4, Duration.ofSeconds(30), Duration.ofSeconds(120), Duration.ofSeconds(1), 3, 2),
                e -> { });
        messages.saveTemplate(new Template("win-back", "en", "We miss you", "Hello", null));
        messages.saveTemplate(new Template("win-back", "fr", "Vous nous manquez", "Bonjour", null));
        messages.saveTemplate(new Template("welcome", "en", "Welcome", "Hello", null));
        // An SMS gateway behind a webhook, as the distribution configures one; nothing is sent here.
        messages.addChannel(new WebhookChannel(Configs.webhook("sms", "http://127.0.0.1:" + Configs.freePort() + "/sms",
                "a-shared-secret")), Map.of(MessageChannel.NAME, "sms"));
    }

    @After
    public void tearDown() {
        messages.stop();
    }

    private static List<Candidate> complete(Completer completer, String role, String typed) {
        return ShellSessions.complete(completer, role, "messages:send", "1", typed);
    }

    @Test
    public void templatesCompleteOncePerCodeWithTheirLanguages() {
        Completer templates = CommunicationCompleters.templates(messages);

        List<Candidate> all = complete(templates, Roles.AGENT, "");
        assertEquals(List.of("welcome", "win-back"), all.stream().map(Candidate::value).toList());
        assertEquals("en, fr", all.get(1).descr());
        assertEquals(List.of("win-back"), complete(templates, Roles.ANALYST, "wi").stream().map(Candidate::value).toList());
        assertEquals(List.of(), complete(templates, Roles.PARTNER, ""));
    }

    @Test
    public void channelsCompleteByName() {
        Completer channels = CommunicationCompleters.channels(messages);

        List<Candidate> sms = complete(channels, Roles.AGENT, "s");
        assertEquals(List.of("sms"), sms.stream().map(Candidate::value).toList());
        assertEquals("delivering", sms.get(0).descr());
        assertEquals(List.of(), complete(channels, Roles.PARTNER, "s"));
    }
}
