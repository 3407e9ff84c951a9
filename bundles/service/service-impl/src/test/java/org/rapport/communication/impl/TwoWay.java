package org.rapport.communication.impl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.osgi.service.event.Event;
import org.rapport.communication.api.InboundAccess;
import org.rapport.communication.api.InboundListener;
import org.rapport.communication.api.MessageChannel;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.InteractionService;
import org.rapport.persistence.impl.DatabaseCluster;
import org.rapport.privacy.spi.ConsentGate;

/**
 * The product's two-way communication for other bundles' tests: the outbox with an email channel
 * and the mailbox it reads, both on a real mail server (GreenMail, SMTP and IMAP) started here, the
 * inbound log handing what comes in to listeners, the dispatcher run by hand.
 */
public final class TwoWay implements AutoCloseable {

    public final MessageServiceImpl messages;
    public final InboundServiceImpl inbound;
    public final GreenMail mail;
    private final GreenMailUser mailbox;
    private final MailboxPoller poller;

    public TwoWay(EntityManagerFactory emf, DataSource dataSource, ContactService contacts,
            InteractionService interactions, ConsentGate gate, Clock clock, Consumer<Event> events) throws IOException {
        this(emf, dataSource, contacts, interactions, gate, clock, events, "");
    }

    /** The same, the mailbox trusting the {@code Authentication-Results} of {@code authservId}. */
    public TwoWay(EntityManagerFactory emf, DataSource dataSource, ContactService contacts,
            InteractionService interactions, ConsentGate gate, Clock clock, Consumer<Event> events, String authservId)
            throws IOException {
        int smtpPort = Configs.freePort();
        int imapPort = Configs.freePort();
        mail = new GreenMail(new ServerSetup[] {new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
            new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        mail.start();
        mailbox = mail.setUser("crm@shop.example", "crm", "s3cret");
        ChannelRegistry channels = new ChannelRegistry();
        channels.add(new EmailChannel(Configs.email(smtpPort)), Map.of(MessageChannel.NAME, "email"));
        messages = new MessageServiceImpl(emf, contacts, interactions, gate, channels, clock,
                DispatchSettings.of(Configs.communication(200)), events);
        inbound = new InboundServiceImpl(emf, contacts, interactions, clock, Duration.ofSeconds(10), 5, events);
        poller = new MailboxPoller(inbound, new DatabaseCluster(dataSource, "node-a", Duration.ofMinutes(1), null, clock),
                Configs.mailbox(imapPort, "crm", "s3cret", authservId, false));
    }

    /** Registers {@code access} as the word of {@code keeper} on who reads the messages it files, in and out. */
    public void access(InboundAccess access, String keeper) {
        inbound.addAccess(access, Map.of(InboundAccess.KEEPER, keeper));
        messages.addAccess(access, Map.of(InboundAccess.KEEPER, keeper));
    }

    /** {@code access} is gone, as when its bundle stops. */
    public void withdraw(InboundAccess access) {
        inbound.removeAccess(access);
        messages.removeAccess(access);
    }

    public void listen(InboundListener listener, String name) {
        inbound.addListener(listener, Map.of(InboundListener.NAME, name));
    }

    /** A mail in the mailbox, from its RFC 5322 text. */
    public void arrives(String raw) throws MessagingException {
        mailbox.deliver(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(raw.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8))));
    }

    /** Reads the mailbox once: answers how many messages were stored. */
    public int poll() {
        return poller.poll();
    }

    /** One pass of the dispatcher: answers the messages it tried. */
    public int dispatch() {
        return messages.dispatcher().runOnce();
    }

    @Override
    public void close() {
        inbound.deactivate();
        messages.stop();
        mail.stop();
    }
}
