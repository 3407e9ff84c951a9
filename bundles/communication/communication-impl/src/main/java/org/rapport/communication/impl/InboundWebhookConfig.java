package org.rapport.communication.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One signed inbound webhook: {@code etc/org.rapport.inbound.webhook-<name>.cfg}. A gateway posts
 * messages to {@code /api/v1/inbound/<name>} ({@code kind = messages}) or bounces to
 * {@code /api/v1/inbound/bounces/<name>} ({@code kind = bounces}).
 */
@ObjectClassDefinition(name = "Rapport inbound webhook", description = "Takes messages or bounces a gateway "
        + "posts, signed with a secret of this webhook's own")
public @interface InboundWebhookConfig {

    String FACTORY_PID = "org.rapport.inbound.webhook";

    @AttributeDefinition(description = "The webhook's name, in its path: a lower-case word (sms, chat, postmark)")
    String name();

    @AttributeDefinition(description = "messages (SMS replies, chat and social messages) or bounces (a mail "
            + "provider's bounce reports)")
    String kind() default "messages";

    @AttributeDefinition(type = AttributeType.PASSWORD, description = "The secret the gateway signs with: "
            + "HMAC-SHA256 over '<timestamp>.<body>', at least 16 characters")
    String secret();

    @AttributeDefinition(description = "The contact channel the messages come by (phone for SMS, chat, social, "
            + "email), for the timeline and for withdrawing consent on a STOP")
    String medium() default "phone";

    @AttributeDefinition(description = "How long a request's timestamp stays valid, in seconds, either way")
    int toleranceSeconds() default 300;

    @AttributeDefinition(description = "The largest body taken, in bytes")
    int maxBytes() default 65536;

    @AttributeDefinition(description = "Replies that withdraw consent on the medium, compared without case, "
            + "comma-separated; empty for none")
    String stopWords() default "STOP,STOPP,STOPALL,UNSUBSCRIBE,CANCEL,END,QUIT,ARRET,ARRÊT,OPTOUT";
}
