package org.rapport.communication.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A channel that posts each message to an HTTP endpoint: an SMS gateway, a push service, another
 * system. One configuration per channel, {@code etc/org.rapport.channel.webhook-<name>.cfg}.
 */
@ObjectClassDefinition(name = "Rapport webhook channel", description = "Posts messages as JSON to an HTTP endpoint")
public @interface WebhookConfig {

    String FACTORY_PID = "org.rapport.channel.webhook";

    @AttributeDefinition(name = "rapport.channel", description = "The channel's name, a lower-case word such as sms")
    String rapport_channel();

    @AttributeDefinition(description = "The endpoint, http:// or https://")
    String url();

    @AttributeDefinition(type = AttributeType.PASSWORD,
            description = "A shared secret: each request is signed with it in the X-Rapport-Signature header")
    String secret() default "";

    @AttributeDefinition(description = "The contact channel the endpoint reaches, asked of the consent gate: "
            + "email, phone, social, web, chat, mail or other")
    String medium() default "other";

    @AttributeDefinition(description = "The contact's address to send: email or phone")
    String address() default "email";

    @AttributeDefinition(description = "Seconds to wait for the endpoint to connect and answer")
    int timeoutSeconds() default 30;
}
