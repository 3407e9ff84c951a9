package org.rapport.communication.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The SMTP server the email channel hands messages to: {@code etc/org.rapport.channel.email.cfg}. */
@ObjectClassDefinition(name = "Rapport email channel", description = "Sends messages by SMTP")
public @interface EmailConfig {

    String PID = "org.rapport.channel.email";

    @AttributeDefinition(description = "The SMTP server's host name")
    String host() default "localhost";

    @AttributeDefinition(description = "The SMTP server's port: 25, 587 for submission, 465 for TLS from the start")
    int port() default 25;

    @AttributeDefinition(description = "The sender, as an address or 'Name <address>'")
    String from();

    @AttributeDefinition(description = "none, starttls (required, then log in) or tls (TLS from the first byte)")
    String security() default "none";

    @AttributeDefinition(description = "The user to log in as; empty for a server that takes mail without login")
    String username() default "";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "The password to log in with")
    String password() default "";

    @AttributeDefinition(description = "Seconds to wait for the server to connect or answer")
    int timeoutSeconds() default 30;

    @AttributeDefinition(description = "Seconds a connection to the server is kept open for the next message after "
            + "its last one (each thread that sends keeps one); 0 opens a connection for every message")
    int keepOpenSeconds() default 10;
}
