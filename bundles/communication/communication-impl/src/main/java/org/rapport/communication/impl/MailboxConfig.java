package org.rapport.communication.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The mailbox Rapport reads replies and bounces from: {@code etc/org.rapport.inbound.email.cfg}.
 * Without that file no mailbox is read.
 */
@ObjectClassDefinition(name = "Rapport inbound email", description = "Reads a mailbox over IMAP: replies, "
        + "automatic replies and bounces")
public @interface MailboxConfig {

    String PID = "org.rapport.inbound.email";

    @AttributeDefinition(description = "The IMAP server's host name")
    String host();

    @AttributeDefinition(description = "The IMAP server's port: 993 for IMAPS, 143 for IMAP (with starttls)")
    int port() default 993;

    @AttributeDefinition(description = "tls (IMAPS, TLS from the first byte), starttls (required) or none")
    String security() default "tls";

    @AttributeDefinition(description = "The user to log in as")
    String username();

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "The password to log in with")
    String password() default "";

    @AttributeDefinition(description = "The folder to read")
    String folder() default "INBOX";

    @AttributeDefinition(description = "Seconds between two reads of the mailbox (Karaf's scheduler); with several "
            + "nodes one reads each time, and taskGapSeconds of org.rapport.cluster is the shortest gap")
    long scheduler_period() default 60;

    @AttributeDefinition(description = "The most messages read at one time; the rest wait for the next read")
    int batchSize() default 200;

    @AttributeDefinition(description = "Seconds to wait for the server to connect or answer")
    int timeoutSeconds() default 30;

    @AttributeDefinition(description = "The authserv-id of the receiving mail server's Authentication-Results "
            + "header (RFC 8601), whose SPF, DKIM and DMARC results are trusted; empty: senders are not checked")
    String authservId() default "";

    @AttributeDefinition(description = "Whether a mail without a pass from authservId is taken as unauthenticated "
            + "too (else only a failing result is)")
    boolean requireAuthentication() default false;
}
