package org.rapport.kafka.impl;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The Kafka settings as read from {@code etc/org.rapport.kafka.cfg}: the topics, and the client
 * properties that the administrator passes through ({@code client.*}, without the prefix) under
 * those Rapport sets itself.
 *
 * @param client the administrator's client properties (security, timeouts), none of them reserved
 */
record Settings(String bootstrapServers, String groupId, String purchasesTopic, String interactionsTopic,
        String consentsTopic, String deadLetterTopic, String eventsTopic, String source, int consumers,
        int maxPollRecords, Map<String, String> client) {

    /** The prefix of the client properties passed through. */
    static final String CLIENT = "client.";
    /**
     * What the guarantees rest on, so not the administrator's to change: offsets committed by hand
     * after booking, records read as bytes, every write acknowledged by all replicas, idempotent and
     * in order, and no compression (the bundle carries no compression library).
     */
    static final Set<String> RESERVED = Set.of("bootstrap.servers", "group.id", "enable.auto.commit",
            "key.serializer", "value.serializer", "key.deserializer", "value.deserializer", "acks",
            "enable.idempotence", "max.in.flight.requests.per.connection", "compression.type", "isolation.level",
            "max.poll.records", "transactional.id");

    Settings {
        client = Map.copyOf(client);
    }

    /**
     * @throws IllegalArgumentException naming the setting at fault
     */
    static Settings of(KafkaConfig config, Map<String, ?> properties) {
        if (config.consumers() < 1 || config.consumers() > 16) {
            throw new IllegalArgumentException("consumers " + config.consumers() + " must be 1 to 16");
        }
        if (config.maxPollRecords() < 1 || config.maxPollRecords() > 5000) {
            throw new IllegalArgumentException("maxPollRecords " + config.maxPollRecords() + " must be 1 to 5000");
        }
        String deadLetters = config.deadLetterTopic().strip();
        List<String> inbound = List.of(config.purchasesTopic().strip(), config.interactionsTopic().strip(),
                config.consentsTopic().strip());
        if (deadLetters.isEmpty() && inbound.stream().anyMatch(t -> !t.isEmpty())) {
            throw new IllegalArgumentException("deadLetterTopic is required while a topic is consumed: a record that "
                    + "cannot be booked goes there");
        }
        Map<String, String> client = new TreeMap<>();
        for (Map.Entry<String, ?> e : properties.entrySet()) {
            if (e.getKey().startsWith(CLIENT) && e.getValue() != null) {
                String key = e.getKey().substring(CLIENT.length());
                if (RESERVED.contains(key)) {
                    throw new IllegalArgumentException(e.getKey() + " is set by Rapport and cannot be changed: "
                            + "the settings the delivery guarantees rest on are " + String.join(", ", new TreeSet<>(RESERVED)));
                }
                client.put(key, e.getValue().toString());
            }
        }
        return new Settings(config.bootstrapServers().strip(), config.groupId().strip(), config.purchasesTopic().strip(),
                config.interactionsTopic().strip(), config.consentsTopic().strip(), deadLetters,
                config.eventsTopic().strip(), config.source(), config.consumers(), config.maxPollRecords(), client);
    }

    /** The inbound topics consumed, by what they carry. */
    Map<String, Ingest.Kind> inbound() {
        Map<String, Ingest.Kind> topics = new TreeMap<>();
        if (!purchasesTopic.isEmpty()) {
            topics.put(purchasesTopic, Ingest.Kind.PURCHASE);
        }
        if (!interactionsTopic.isEmpty()) {
            topics.put(interactionsTopic, Ingest.Kind.INTERACTION);
        }
        if (!consentsTopic.isEmpty()) {
            topics.put(consentsTopic, Ingest.Kind.CONSENT);
        }
        return topics;
    }

    Properties consumer(String clientId) {
        Properties p = common(clientId);
        p.put("group.id", groupId);
        p.put("enable.auto.commit", "false");
        p.put("max.poll.records", Integer.toString(maxPollRecords));
        p.put("isolation.level", "read_committed");
        p.putIfAbsent("auto.offset.reset", "earliest");
        return p;
    }

    Properties producer(String clientId) {
        Properties p = common(clientId);
        p.put("acks", "all");
        p.put("enable.idempotence", "true");
        p.put("max.in.flight.requests.per.connection", "5");
        p.put("compression.type", "none");
        return p;
    }

    /** A consumer of records as bytes, made with this bundle's class loader (Kafka loads its classes by name). */
    Consumer<byte[], byte[]> newConsumer(String clientId) {
        return withOwnLoader(() -> new KafkaConsumer<>(consumer(clientId), new ByteArrayDeserializer(),
                new ByteArrayDeserializer()));
    }

    /** A producer of values as bytes, made with this bundle's class loader. */
    <K> Producer<K, byte[]> newProducer(String clientId, Serializer<K> keys) {
        return withOwnLoader(() -> new KafkaProducer<>(producer(clientId), keys, new ByteArraySerializer()));
    }

    private static <T> T withOwnLoader(Supplier<T> make) {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(Settings.class.getClassLoader());
        try {
            return make.get();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    /**
     * The id of one of this node's clients: the administrator's {@code client.client.id}, or
     * {@code rapport-<node>}, followed by the client's role ({@code dead-letters}, {@code events},
     * or a consumer's number), so that no two clients share an id (the broker's quotas, metrics
     * and logs tell them apart by it, and so does the JMX registration of each client's metrics).
     */
    String clientId(String node, String role) {
        String base = client.get("client.id");
        return (base == null || base.isBlank() ? "rapport-" + node : base.strip()) + "-" + role;
    }

    private Properties common(String clientId) {
        Properties p = new Properties();
        p.putAll(client);
        p.put("bootstrap.servers", bootstrapServers);
        p.put("client.id", clientId);
        return p;
    }
}
