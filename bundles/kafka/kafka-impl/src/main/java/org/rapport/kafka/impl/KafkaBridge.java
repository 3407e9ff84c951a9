package org.rapport.kafka.impl;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.InteractionService;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.persistence.Cluster;
import org.rapport.persistence.SchemaMigrations;
import org.rapport.privacy.api.ConsentService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka in and out, as configured in {@code etc/org.rapport.kafka.cfg}: {@code consumers} threads
 * consuming the inbound topics in the consumer group ({@link Inbound}), and the publication of the
 * domain events to the events topic ({@link Outbound}), looked for every {@value #POLL_MS} ms by
 * the node holding the lock. Without {@code bootstrapServers} it does nothing but say so.
 */
// Immediate: nothing asks for this service, and a delayed component would never be activated, so nothing
// would be consumed or published.
@Component(service = KafkaBridge.class, immediate = true, configurationPid = KafkaConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = KafkaConfig.class)
public class KafkaBridge {

    static final long POLL_MS = 200;
    /** How long publication rests after the broker did not acknowledge a batch. */
    static final Duration REST = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBridge.class);

    private final List<Inbound> consumers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Producer<?, ?>> producers = new ArrayList<>();
    private ScheduledExecutorService timer;
    private volatile long restUntil;

    @Activate
    public KafkaBridge(@Reference(target = "(osgi.jndi.service.name=rapport)") DataSource dataSource,
            @Reference Cluster cluster, @Reference ContactService contacts, @Reference InteractionService interactions,
            @Reference LoyaltyService loyalty, @Reference ConsentService consents, KafkaConfig config,
            Map<String, Object> properties) {
        migrate(dataSource);
        Settings settings = Settings.of(config, properties);
        if (settings.bootstrapServers().isEmpty()) {
            LOG.info("Kafka: no bootstrapServers in etc/{}.cfg; nothing is consumed or published", KafkaConfig.PID);
            return;
        }
        String node = cluster.node();
        // Every client is made before any thread starts: a client.* setting that one of them refuses
        // leaves nothing running and no connection open.
        Outbound outbound = null;
        try {
            if (!settings.inbound().isEmpty()) {
                Ingest ingest = new Ingest(contacts, interactions, loyalty, consents);
                Producer<byte[], byte[]> deadLetters = settings.newProducer(settings.clientId(node, "dead-letters"),
                        new ByteArraySerializer());
                producers.add(deadLetters);
                for (int i = 1; i <= settings.consumers(); i++) {
                    consumers.add(new Inbound(settings.newConsumer(settings.clientId(node, Integer.toString(i))),
                            deadLetters, settings.inbound(), settings.deadLetterTopic(), ingest));
                }
            }
            if (!settings.eventsTopic().isEmpty()) {
                Producer<String, byte[]> events = settings.newProducer(settings.clientId(node, "events"),
                        new StringSerializer());
                producers.add(events);
                outbound = new Outbound(dataSource, cluster, events, settings.eventsTopic(), settings.source(),
                        Clock.systemUTC());
            }
        } catch (RuntimeException e) {
            consumers.forEach(Inbound::close);
            consumers.clear();
            closeProducers();
            throw e;
        }
        for (int i = 0; i < consumers.size(); i++) {
            Thread thread = new Thread(consumers.get(i), "rapport-kafka-consumer-" + (i + 1));
            threads.add(thread);
            thread.start();
        }
        if (!consumers.isEmpty()) {
            LOG.info("Kafka: {} consumer(s) of {} in group {}", settings.consumers(), settings.inbound().keySet(),
                    settings.groupId());
        }
        if (outbound != null) {
            Outbound publisher = outbound;
            timer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "rapport-kafka-publisher"));
            timer.scheduleWithFixedDelay(() -> publish(publisher), 1000, POLL_MS, TimeUnit.MILLISECONDS);
            LOG.info("Kafka: domain events published to {}", settings.eventsTopic());
        }
    }

    /** Creates or updates this bundle's table ({@code KAFKA_CURSOR}, migrations {@code rapport-kafka}). */
    static void migrate(DataSource dataSource) {
        new SchemaMigrations(dataSource, KafkaBridge.class.getClassLoader(), Clock.systemUTC()).migrate("rapport-kafka");
    }

    private void publish(Outbound outbound) {
        if (System.currentTimeMillis() < restUntil) {
            return;
        }
        try {
            outbound.publish();
        } catch (RuntimeException e) {
            restUntil = System.currentTimeMillis() + REST.toMillis();
            LOG.error("Kafka: {}; trying again in {} s", e.getMessage(), REST.toSeconds(), e);
        }
    }

    /** Stops consuming (what was booked and not committed is read again) and publishing, and closes the clients. */
    @Deactivate
    public void deactivate() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                timer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        consumers.forEach(Inbound::stop);
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeProducers();
    }

    private void closeProducers() {
        producers.forEach(p -> p.close(Duration.ofSeconds(5)));
        producers.clear();
    }
}
