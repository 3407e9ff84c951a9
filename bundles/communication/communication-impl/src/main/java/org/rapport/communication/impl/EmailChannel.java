package org.rapport.communication.impl;

import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;

import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.rapport.communication.api.DeliveryException;
import org.rapport.communication.api.MessageAttachment;
import org.rapport.communication.api.MessageChannel;
import org.rapport.communication.api.OutgoingMessage;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.Contact;

/**
 * Email over SMTP, with Jakarta Mail. Registered only while {@value EmailConfig#PID} is
 * configured. Connections are kept open between messages ({@link SmtpConnections}), one for each
 * thread that sends at the same time. A reply code of 5xx from the server (an address it refuses,
 * a message it will never take) is a permanent failure; anything else (no answer, 4xx, a failed
 * login, a connection lost) is retried.
 */
@Component(configurationPid = EmailConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = MessageChannel.NAME + "=email")
@Designate(ocd = EmailConfig.class)
public class EmailChannel implements MessageChannel {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** The header that names the message in Rapport's log. */
    static final String MESSAGE_HEADER = "X-Rapport-Message";

    private final InternetAddress from;
    private final String host;
    private final int port;
    private final String username;
    private final Session session;
    private final SmtpConnections connections;
    private final String domain;

    @Activate
    public EmailChannel(EmailConfig config) {
        try {
            this.from = new InternetAddress(config.from(), true);
        } catch (AddressException | NullPointerException e) {
            throw new IllegalArgumentException("from in " + EmailConfig.PID + " is not an email address: " + config.from(), e);
        }
        String sender = from.getAddress();
        this.domain = sender.contains("@") ? sender.substring(sender.lastIndexOf('@') + 1) : "localhost";
        String security = config.security() == null ? "none" : config.security().strip().toLowerCase(Locale.ROOT);
        if (!security.equals("none") && !security.equals("starttls") && !security.equals("tls")) {
            throw new IllegalArgumentException("security in " + EmailConfig.PID + " is none, starttls or tls, not "
                    + config.security());
        }
        this.host = config.host();
        this.port = config.port();
        this.username = config.username() == null || config.username().isBlank() ? null : config.username();
        String password = username == null ? null : config.password();
        if (config.keepOpenSeconds() < 0) {
            throw new IllegalArgumentException("keepOpenSeconds in " + EmailConfig.PID + " is 0 or more seconds, not "
                    + config.keepOpenSeconds());
        }
        String protocol = security.equals("tls") ? "smtps" : "smtp";
        Properties p = new Properties();
        p.put("mail.transport.protocol", protocol);
        p.put("mail." + protocol + ".host", host);
        p.put("mail." + protocol + ".port", Integer.toString(port));
        String timeout = Integer.toString(Math.max(1, config.timeoutSeconds()) * 1000);
        p.put("mail." + protocol + ".connectiontimeout", timeout);
        p.put("mail." + protocol + ".timeout", timeout);
        p.put("mail." + protocol + ".writetimeout", timeout);
        p.put("mail." + protocol + ".auth", Boolean.toString(username != null));
        // A kept connection is checked with RSET rather than NOOP: it also clears what a message left behind.
        p.put("mail." + protocol + ".userset", "true");
        if (security.equals("starttls")) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        if (!security.equals("none")) {
            p.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        }
        // Jakarta Mail finds its providers through the context class loader: this bundle's, which holds them.
        try {
            this.session = withOwnClassLoader(() -> Session.getInstance(p));
        } catch (MailFailure impossible) {
            throw new IllegalStateException(impossible);
        }
        this.connections = new SmtpConnections(session, host, port, username, password,
                Duration.ofSeconds(config.keepOpenSeconds()));
    }

    /** Closes the connections kept open. */
    @Deactivate
    public void close() {
        connections.close();
    }

    /** How many connections are kept open and idle now. */
    int idleConnections() {
        return connections.idleCount();
    }

    @Override
    public Channel medium() {
        return Channel.EMAIL;
    }

    @Override
    public Optional<String> address(Contact contact) {
        return Optional.ofNullable(contact.email()).filter(e -> !e.isBlank());
    }

    @Override
    public String deliver(OutgoingMessage message) throws DeliveryException {
        MimeMessage mime;
        try {
            mime = new OwnId(session, message.deliveryKey() != null ? messageId(message.deliveryKey(), domain)
                    : messageId(domain));
            mime.setFrom(from);
            mime.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress(message.address(), true));
            mime.setSubject(message.subject() == null ? "" : message.subject(), "UTF-8");
            if (!message.attachments().isEmpty()) {
                mime.setContent(mixed(message));
            } else if (message.html() == null) {
                mime.setText(message.body(), "UTF-8");
            } else {
                mime.setContent(alternative(message));
            }
            mime.setSentDate(new Date());
            mime.setHeader(MESSAGE_HEADER, Long.toString(message.id()));
            for (Map.Entry<String, String> header : message.headers().entrySet()) {
                mime.setHeader(header.getKey(), header.getValue());
            }
            if (message.inReplyTo() != null && MailParser.firstId(message.inReplyTo()) != null) {
                mime.setHeader("In-Reply-To", MailParser.firstId(message.inReplyTo()));
            }
            if (!message.references().isEmpty()) {
                mime.setHeader("References", MimeUtility.fold("References: ".length(),
                        String.join(" ", MailParser.ids(String.join(" ", message.references())))));
            }
            if (message.language() != null) {
                mime.setHeader("Content-Language", message.language());
            }
        } catch (AddressException e) {
            throw new DeliveryException("'" + message.address() + "' is not an email address: " + e.getMessage(), true, e);
        } catch (MessagingException e) {
            throw new DeliveryException("the message could not be written: " + e.getMessage(), true, e);
        }
        try {
            return withOwnClassLoader(() -> {
                mime.saveChanges();
                connections.send(mime);
                return mime.getMessageID();
            });
        } catch (MailFailure f) {
            throw classify(f.getCause(), message.address());
        }
    }

    /**
     * A message with an HTML body as {@code multipart/alternative}: the text first (what a reader
     * that shows no HTML shows), the HTML second, both UTF-8.
     */
    /** The body (text, or text and HTML), then each file as an attachment under its name. */
    private static MimeMultipart mixed(OutgoingMessage message) throws MessagingException {
        MimeMultipart parts = new MimeMultipart("mixed");
        MimeBodyPart body = new MimeBodyPart();
        if (message.html() == null) {
            body.setText(message.body(), "UTF-8");
        } else {
            body.setContent(alternative(message));
        }
        parts.addBodyPart(body);
        for (MessageAttachment file : message.attachments()) {
            // Headers and Base64 written here: no content handler of Jakarta Activation is involved.
            String name;
            try {
                name = MimeUtility.encodeText(file.name().replace('"', '_'), "UTF-8", "B");
            } catch (UnsupportedEncodingException e) {
                throw new MessagingException("UTF-8 is always supported", e);
            }
            InternetHeaders headers = new InternetHeaders();
            headers.setHeader("Content-Type", file.contentType() + "; name=\"" + name + "\"");
            headers.setHeader("Content-Transfer-Encoding", "base64");
            headers.setHeader("Content-Disposition", Part.ATTACHMENT + "; filename=\"" + name + "\"");
            parts.addBodyPart(new MimeBodyPart(headers, Base64.getMimeEncoder().encode(file.content())));
        }
        return parts;
    }

    private static MimeMultipart alternative(OutgoingMessage message) throws MessagingException {
        MimeMultipart parts = new MimeMultipart("alternative");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(message.body(), "UTF-8");
        parts.addBodyPart(text);
        MimeBodyPart html = new MimeBodyPart();
        html.setText(message.html(), "UTF-8", "html");
        parts.addBodyPart(html);
        return parts;
    }

    /**
     * The {@code Message-ID} of a message with a delivery key: its 128 random bits, drawn once for
     * the message, so that nobody can name a message Rapport sent without having received it (a
     * reply's {@code In-Reply-To} leads back to the message by the id the log keeps as its provider
     * reference), and the same on every attempt: a mail sent again after an attempt that failed
     * (one the server may have taken before the connection broke) is the same mail to its
     * recipient's client, which threads it and shows it once.
     */
    static String messageId(String deliveryKey, String domain) {
        return "<rapport-" + deliveryKey + "@" + domain + ">";
    }

    /** A new {@code Message-ID} for a message without a delivery key (a channel called by other code): 128 random bits. */
    static String messageId(String domain) {
        byte[] bits = new byte[16];
        RANDOM.nextBytes(bits);
        return messageId(HexFormat.of().formatHex(bits), domain);
    }

    /** A message whose {@code Message-ID} is Rapport's own rather than one Jakarta Mail makes up. */
    private static final class OwnId extends MimeMessage {
        private final String id;

        OwnId(Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }

    private DeliveryException classify(MessagingException e, String address) {
        for (Throwable t = e; t != null; t = t instanceof MessagingException m && m.getNextException() != null
                ? m.getNextException() : t.getCause()) {
            if (t instanceof SMTPAddressFailedException a) {
                return new DeliveryException("the server refused " + address + ": " + a.getReturnCode() + " "
                        + a.getMessage().strip(), a.getReturnCode() >= 500, e);
            }
            if (t instanceof SMTPSendFailedException s && s.getReturnCode() < 0) {
                // No reply at all: the server went away mid-message, which it did not take.
                return new DeliveryException("the server " + host + ":" + port + " closed the connection: "
                        + s.getMessage().strip(), false, e);
            }
            if (t instanceof SMTPSendFailedException s) {
                return new DeliveryException("the server refused the message: " + s.getReturnCode() + " "
                        + s.getMessage().strip(), s.getReturnCode() >= 500, e);
            }
            if (t instanceof AuthenticationFailedException) {
                return new DeliveryException("the server " + host + ":" + port + " refused the login of " + username, false, e);
            }
            if (t instanceof IOException io) {
                return new DeliveryException("the server " + host + ":" + port + " could not be reached: " + io, false, e);
            }
        }
        if (e instanceof SendFailedException) {
            return new DeliveryException("the server refused " + address + ": " + e.getMessage(), true, e);
        }
        return new DeliveryException("sending by " + host + ":" + port + " failed: " + e.getMessage(), false, e);
    }

    /** Work that uses Jakarta Mail; a {@link MessagingException} comes out as a {@link MailFailure}. */
    @FunctionalInterface
    private interface MailWork<T> {
        T run() throws MessagingException;
    }

    private static final class MailFailure extends Exception {
        private static final long serialVersionUID = 1L;

        MailFailure(MessagingException cause) {
            super(cause);
        }

        @Override
        public synchronized MessagingException getCause() {
            return (MessagingException) super.getCause();
        }
    }

    private static <T> T withOwnClassLoader(MailWork<T> work) throws MailFailure {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(EmailChannel.class.getClassLoader());
        try {
            return work.run();
        } catch (MessagingException e) {
            throw new MailFailure(e);
        } finally {
            thread.setContextClassLoader(before);
        }
    }
}
