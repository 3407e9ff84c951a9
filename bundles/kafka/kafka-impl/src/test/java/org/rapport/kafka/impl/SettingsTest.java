package org.rapport.kafka.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Properties;

import org.junit.Test;

/** What the administrator's {@code etc/org.rapport.kafka.cfg} may and may not set. */
public class SettingsTest {

    /** The configuration as shipped, with {@code changed} over it. */
    private static KafkaConfig config(Map<String, Object> changed) {
        return (KafkaConfig) Proxy.newProxyInstance(KafkaConfig.class.getClassLoader(), new Class<?>[] {KafkaConfig.class},
                (proxy, method, args) -> changed.getOrDefault(method.getName(), method.getDefaultValue()));
    }

    @Test
    public void clientSettingsPassThroughButNotThoseTheGuaranteesRestOn() {
        Settings s = Settings.of(config(Map.of("bootstrapServers", " kafka:9093 ", "interactionsTopic", "")),
                Map.of("client.security.protocol", "SASL_SSL", "client.auto.offset.reset", "latest", "groupId", "x"));
        assertEquals("kafka:9093", s.bootstrapServers());
        assertEquals("an empty topic is not consumed", Map.of("rapport.purchases", Ingest.Kind.PURCHASE, "rapport.consents",
                Ingest.Kind.CONSENT), s.inbound());
        Properties consumer = s.consumer("node-1");
        assertEquals("SASL_SSL", consumer.get("security.protocol"));
        assertEquals("latest", consumer.get("auto.offset.reset"));
        assertEquals("false", consumer.get("enable.auto.commit"));
        assertEquals("rapport", consumer.get("group.id"));
        assertEquals("none", s.producer("node-1").get("compression.type"));
        assertEquals("all", s.producer("node-1").get("acks"));

        IllegalArgumentException commit = assertThrows(IllegalArgumentException.class, () -> Settings.of(config(Map.of()),
                Map.of("client.enable.auto.commit", "true")));
        assertTrue(commit.getMessage(), commit.getMessage().startsWith("client.enable.auto.commit is set by Rapport"));
        IllegalArgumentException codec = assertThrows(IllegalArgumentException.class, () -> Settings.of(config(Map.of()),
                Map.of("client.compression.type", "zstd")));
        assertTrue(codec.getMessage(), codec.getMessage().startsWith("client.compression.type is set by Rapport"));
        IllegalArgumentException threads = assertThrows(IllegalArgumentException.class, () -> Settings.of(config(
                Map.of("consumers", 17)), Map.of()));
        assertEquals("consumers 17 must be 1 to 16", threads.getMessage());
        IllegalArgumentException letters = assertThrows(IllegalArgumentException.class, () -> Settings.of(config(
                Map.of("deadLetterTopic", " ")), Map.of()));
        assertTrue(letters.getMessage(), letters.getMessage().startsWith("deadLetterTopic is required"));
    }

    @Test
    public void everyClientHasAnIdOfItsOwnAlsoWhenTheAdministratorNamesThem() {
        Settings shipped = Settings.of(config(Map.of()), Map.of());
        assertEquals("rapport-node-a-1", shipped.consumer(shipped.clientId("node-a", "1")).get("client.id"));
        assertEquals("rapport-node-a-events", shipped.producer(shipped.clientId("node-a", "events")).get("client.id"));

        Settings named = Settings.of(config(Map.of()), Map.of("client.client.id", "crm"));
        assertEquals("crm-1", named.consumer(named.clientId("node-a", "1")).get("client.id"));
        assertEquals("crm-2", named.consumer(named.clientId("node-a", "2")).get("client.id"));
        assertEquals("crm-dead-letters", named.producer(named.clientId("node-a", "dead-letters")).get("client.id"));
        assertEquals("crm-events", named.producer(named.clientId("node-a", "events")).get("client.id"));
    }
}
