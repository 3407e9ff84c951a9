package org.rapport.communication.impl;

import java.io.IOException;
import java.util.Locale;
import java.util.Properties;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rapport.persistence.Cluster;
import org.rapport.persistence.ScheduledOnce;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the mailbox of {@value MailboxConfig#PID} over IMAP(S), run by Karaf's scheduler every
 * {@code scheduler.period} seconds; with several nodes on one database, one node reads each time
 * ({@link ScheduledOnce}). Each unread message is parsed ({@link MailParser}), stored once by its
 * {@code Message-ID} and handed on ({@link InboundServiceImpl#receive}), then flagged as read: a
 * message read twice (a node that died before flagging it) is recognised by its id and stored once.
 * A message that cannot be parsed, or is larger than 10 MiB, is flagged as read and left in the
 * mailbox, with a warning. The sender is checked by the receiving server's results ({@link SenderCheck}).
 */
@Component(service = Runnable.class, configurationPid = MailboxConfig.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = "scheduler.concurrent:Boolean=false")
@Designate(ocd = MailboxConfig.class)
public class MailboxPoller extends ScheduledOnce {

    private static final Logger LOG = LoggerFactory.getLogger(MailboxPoller.class);
    /** The largest message read: a message is read whole, and replies and bounces are far smaller. */
    static final int MAX_MESSAGE_BYTES = 10 << 20;

    private final InboundServiceImpl inbound;
    private final MailboxConfig config;
    private final String protocol;
    private final Session session;
    private final SenderCheck senders;

    @Activate
    public MailboxPoller(@Reference InboundServiceImpl inbound, @Reference Cluster cluster, MailboxConfig config) {
        super(cluster, "communication.mailbox");
        this.inbound = inbound;
        this.config = config;
        String where = " in " + MailboxConfig.PID;
        if (config.host() == null || config.host().isBlank() || config.username() == null || config.username().isBlank()) {
            throw new IllegalArgumentException("host and username" + where + " are required to read a mailbox");
        }
        if (config.port() < 1 || config.port() > 65535 || config.batchSize() < 1) {
            throw new IllegalArgumentException("port" + where + " is from 1 to 65535 and batchSize at least 1");
        }
        String security = config.security() == null ? "tls" : config.security().strip().toLowerCase(Locale.ROOT);
        if (!security.equals("none") && !security.equals("starttls") && !security.equals("tls")) {
            throw new IllegalArgumentException("security" + where + " is tls, starttls or none, not " + config.security());
        }
        this.protocol = security.equals("tls") ? "imaps" : "imap";
        this.senders = new SenderCheck(config.authservId(), config.requireAuthentication());
        Properties p = new Properties();
        String timeout = Integer.toString(Math.max(1, config.timeoutSeconds()) * 1000);
        p.put("mail." + protocol + ".connectiontimeout", timeout);
        p.put("mail." + protocol + ".timeout", timeout);
        p.put("mail." + protocol + ".writetimeout", timeout);
        if (security.equals("starttls")) {
            p.put("mail.imap.starttls.enable", "true");
            p.put("mail.imap.starttls.required", "true");
        }
        if (!security.equals("none")) {
            p.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        }
        this.session = MailClassLoader.call(() -> Session.getInstance(p));
    }

    @Override
    protected void work() {
        int read = poll();
        if (read > 0) {
            LOG.debug("Read {} message(s) from the mailbox {}", read, config.folder());
        }
    }

    /**
     * Reads the unread messages, at most {@code batchSize}.
     *
     * @return how many were read
     * @throws IllegalStateException when the server could not be reached or refused the login
     */
    int poll() {
        return MailClassLoader.call(() -> {
            try (Store store = session.getStore(protocol)) {
                store.connect(config.host(), config.port(), config.username(), config.password());
                Folder folder = store.getFolder(config.folder());
                folder.open(Folder.READ_WRITE);
                try {
                    Message[] unread = folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false));
                    int count = Math.min(unread.length, config.batchSize());
                    for (int i = 0; i < count; i++) {
                        take((MimeMessage) unread[i]);
                    }
                    return count;
                } finally {
                    folder.close(false);
                }
            }
        });
    }

    private void take(MimeMessage mail) throws MessagingException {
        if (mail.getSize() > MAX_MESSAGE_BYTES) {
            LOG.warn("A message of {} bytes in the mailbox is larger than {} bytes; it is left there, flagged as read",
                    mail.getSize(), MAX_MESSAGE_BYTES);
            mail.setFlag(Flags.Flag.SEEN, true);
            return;
        }
        try {
            // A copy read in full: the server's message is fetched once, not part by part.
            inbound.receive(MailParser.parse(new MimeMessage(mail), senders), null, false);
        } catch (IOException | MessagingException | IllegalArgumentException e) {
            LOG.warn("A message in the mailbox could not be read and is left there, flagged as read: {}", e.toString());
        }
        mail.setFlag(Flags.Flag.SEEN, true);
    }
}
