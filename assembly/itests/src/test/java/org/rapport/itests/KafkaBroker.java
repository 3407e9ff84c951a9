package org.rapport.itests;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A Kafka broker in KRaft mode (one node, broker and controller combined) for {@link KafkaIT},
 * started from Kafka's own jars by its test kit in the JVM that drives the suite (where Pax Exam
 * reads the configuration), once, and stopped when that JVM ends. Never loaded in the container.
 */
final class KafkaBroker {

    private static KafkaClusterTestKit cluster;

    private KafkaBroker() {
    }

    /** Starts the broker the first time; answers its {@code host:port}. */
    static synchronized String bootstrapServers() {
        if (cluster == null) {
            try {
                KafkaClusterTestKit started = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true)
                        .setNumBrokerNodes(1).setNumControllerNodes(1).build())
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .build();
                started.format();
                started.startup();
                started.waitForReadyBrokers();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        started.close();
                    } catch (Exception e) {
                        // The JVM is ending; the broker's folder is a temporary one.
                    }
                }, "kafka-test-broker-stop"));
                cluster = started;
            } catch (Exception e) {
                throw new IllegalStateException("the test's Kafka broker did not start: " + e.getMessage(), e);
            }
        }
        return cluster.bootstrapServers();
    }
}
