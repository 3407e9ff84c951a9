package org.rapport.kafka.impl;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.rules.ExternalResource;

/**
 * A Kafka broker in KRaft mode (one node, broker and controller combined) started in the test JVM
 * from Kafka's own jars by its test kit, in a temporary folder removed when it stops. Used as a
 * class rule: one broker for a test class.
 */
final class Broker extends ExternalResource {

    private KafkaClusterTestKit cluster;

    @Override
    protected void before() throws Throwable {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("num.partitions", "4")
                .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    @Override
    protected void after() {
        try {
            cluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("the test broker did not stop: " + e.getMessage(), e);
        }
    }

    String bootstrapServers() {
        return cluster.bootstrapServers();
    }
}
