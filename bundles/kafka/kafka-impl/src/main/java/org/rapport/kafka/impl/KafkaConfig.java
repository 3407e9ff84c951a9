package org.rapport.kafka.impl;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * {@code etc/org.rapport.kafka.cfg}. Besides these, every key starting with {@code client.} is
 * handed to Kafka's clients without the prefix ({@code client.security.protocol=SASL_SSL},
 * {@code client.sasl.jaas.config=…}, {@code client.ssl.truststore.location=…}): security and
 * tuning are the administrator's, except the settings the guarantees rest on ({@link Settings#RESERVED}).
 */
@ObjectClassDefinition(name = "Rapport Kafka", description = "Purchases, interactions and consents in from Kafka "
        + "topics; the domain events out to a topic")
public @interface KafkaConfig {

    String PID = "org.rapport.kafka";

    @AttributeDefinition(description = "host:port,… of the Kafka brokers; empty: nothing is consumed or published")
    String bootstrapServers() default "";

    @AttributeDefinition(description = "The consumer group every node joins; the topics' partitions are shared among them")
    String groupId() default "rapport";

    @AttributeDefinition(description = "Purchases in, as POST /api/v1/loyalty/purchases takes them; empty: not consumed")
    String purchasesTopic() default "rapport.purchases";

    @AttributeDefinition(description = "Interactions in, with contactId and eventId; empty: not consumed")
    String interactionsTopic() default "rapport.interactions";

    @AttributeDefinition(description = "Consents in, with contactId and eventId; empty: not consumed")
    String consentsTopic() default "rapport.consents";

    @AttributeDefinition(description = "Where a record that cannot be booked goes, with the reason in its headers")
    String deadLetterTopic() default "rapport.dead-letter";

    @AttributeDefinition(description = "The domain events out, as CloudEvents keyed by contact; empty: not published")
    String eventsTopic() default "rapport.events";

    @AttributeDefinition(description = "The CloudEvents source of the events published")
    String source() default "/rapport";

    @AttributeDefinition(description = "Consumers on this node, each on a thread of its own (1 to 16)")
    int consumers() default 1;

    @AttributeDefinition(description = "The most records one poll books before its offsets are committed (1 to 5000)")
    int maxPollRecords() default 500;
}
