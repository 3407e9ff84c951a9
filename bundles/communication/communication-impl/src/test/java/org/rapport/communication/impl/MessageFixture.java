package org.rapport.communication.impl;

import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;

import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.rapport.communication.api.Message;
import org.rapport.communication.api.MessageChannel;
import org.rapport.communication.api.SendRequest;
import org.rapport.communication.api.Template;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.impl.ContactServiceImpl;
import org.rapport.contacts.impl.InteractionServiceImpl;
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentState;
import org.rapport.privacy.impl.ConsentServiceImpl;
import org.rapport.testing.MutableClock;
import org.rapport.testing.TestPersistence;

/**
 * What the outbox's tests stand on: a real Derby database, the real consent gate, channels added
 * as a test needs them (a real SMTP server, GreenMail, and a real HTTP endpoint), a dispatcher run
 * by hand on a clock the test moves, two contacts and the {@code win-back} template.
 */
abstract class MessageFixture {

    @Rule
    public final TestPersistence db = new TestPersistence("rapport-communication", "rapport-contacts", "rapport-privacy");

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T10:00:00Z"));
    final List<String> events = new CopyOnWriteArrayList<>();
    ContactServiceImpl contacts;
    InteractionServiceImpl interactions;
    ConsentServiceImpl consent;
    ChannelRegistry channels;
    MessageServiceImpl messages;
    GreenMail smtp;
    HttpServer http;
    long ada;
    long bob;

    @Before
    public void setUp() {
        contacts = new ContactServiceImpl(db.emf("rapport-contacts"));
        interactions = new InteractionServiceImpl(db.emf("rapport-contacts"));
        consent = new ConsentServiceImpl(db.emf("rapport-privacy"), contacts, clock, List.of("marketing", "service"));
        channels = new ChannelRegistry();
        messages = new MessageServiceImpl(db.emf(), contacts, interactions, consent, channels, clock,
                new DispatchSettings(50, 4, Duration.ofSeconds(30), Duration.ofSeconds(120),
                        Duration.ofSeconds(1), 3, 2), e -> events.add(
                        e.getTopic().substring(e.getTopic().lastIndexOf('/') + 1) + " " + e.getProperty("message.id")));
        ada = contacts.create(new NewContact("ada@example.com", "Ada", "Lovelace", "+44 20 7946 0018", "fr-CA", null, null))
                .id();
        bob = contacts.create(new NewContact("bob@example.com", null, "Smith")).id();
        messages.saveTemplate(new Template("win-back", "en", "We miss you, {{firstName|friend}}",
                "Hello {{displayName}},\n\nHere is {{var.offer}} to welcome you back.\n", null));
        messages.saveTemplate(new Template("win-back", "fr", "Vous nous manquez, {{firstName|cher client}}",
                "Bonjour {{displayName}},\n\nVoici {{var.offer}} pour votre retour.\n", null));
    }

    @After
    public void tearDown() {
        if (smtp != null) {
            smtp.stop();
        }
        if (http != null) {
            http.stop(0);
        }
    }

    void grant(long contact, String purpose, Channel channel) {
        consent.record(new ConsentChange(contact, purpose, channel, ConsentState.GRANTED, null, "web form", null, null),
                "agent");
    }

    void withdraw(long contact, String purpose, Channel channel) {
        consent.record(new ConsentChange(contact, purpose, channel, ConsentState.WITHDRAWN, null, "unsubscribe link",
                null, null), "agent");
    }

    GreenMail smtpOn(int port) {
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
                .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        smtp.start();
        return smtp;
    }

    void addEmailChannel(int port) {
        channels.add(new EmailChannel(Configs.email(port)), Map.of(MessageChannel.NAME, "email"));
    }

    Message send(long contact, String channel, String reference) {
        return messages.send(new SendRequest(contact, channel, "win-back", "marketing", Map.of("offer", "20% off"),
                reference), "retention");
    }

    /** Changes the test's database, as a constraint a test needs to make the database refuse a row. */
    void alter(String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The ids in {@code X-Rapport-Message} of every mail the server accepted, each once or the test fails. */
    Set<String> receivedOnce() throws Exception {
        Set<String> ids = new HashSet<>();
        for (MimeMessage mail : smtp.getReceivedMessages()) {
            String id = mail.getHeader(EmailChannel.MESSAGE_HEADER, null);
            assertTrue("message " + id + " arrived twice", ids.add(id));
        }
        return ids;
    }

    Message reread(Message m) {
        return messages.find(m.id()).orElseThrow();
    }

    static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
