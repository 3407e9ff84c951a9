package org.rapport.kafka.impl;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer of the inbound topics, on a thread of its own: polls, books each record through
 * {@link Ingest} (a partition's purchases of a poll together, in one transaction, unless one of
 * them is refused: then one by one, so that it alone is refused), sends the refused ones to the
 * dead-letter topic with the reason, and only when the poll's records are booked and its dead
 * letters acknowledged commits their offsets. A node
 * that dies between booking and committing leaves those records to the consumer that gets their
 * partitions, which books them again as replays: at least once, idempotent by event id, so each
 * is booked once. A failure that is not the record's (the database) stops its partition at that
 * record, which is tried again after a wait (1 s, doubling to 30 s) until it can be booked.
 */
final class Inbound implements Runnable {

    /** Books one record's value; throws when the failure is not the record's. */
    @FunctionalInterface
    interface Booker {
        Ingest.Outcome book(Ingest.Kind kind, byte[] value);

        /**
         * Books the values of one partition's records in fewer transactions than one each: an
         * outcome for each, or null when this kind is booked one by one. All or nothing: when it
         * throws, nothing of them was booked.
         */
        default List<Ingest.Outcome> bookAll(Ingest.Kind kind, List<byte[]> values) {
            return null;
        }
    }

    /** The headers of a dead letter: why it was refused, and where it came from. */
    static final String ERROR = "rapport.error";
    static final String FIELD = "rapport.error.field";
    static final String TOPIC = "rapport.source.topic";
    static final String PARTITION = "rapport.source.partition";
    static final String OFFSET = "rapport.source.offset";
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long MAX_WAIT_MS = 30_000;
    private static final Logger LOG = LoggerFactory.getLogger(Inbound.class);

    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> deadLetters;
    private final Map<String, Ingest.Kind> topics;
    private final String deadLetterTopic;
    private final Booker booker;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private long waitMs;

    Inbound(Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> deadLetters, Map<String, Ingest.Kind> topics,
            String deadLetterTopic, Booker booker) {
        this.consumer = consumer;
        this.deadLetters = deadLetters;
        this.topics = Map.copyOf(topics);
        this.deadLetterTopic = deadLetterTopic;
        this.booker = booker;
    }

    /** Joins the group for the inbound topics. */
    Inbound subscribe() {
        consumer.subscribe(List.copyOf(topics.keySet()));
        return this;
    }

    @Override
    public void run() {
        try {
            subscribe();
            while (stopping.getCount() > 0) {
                try {
                    pass(POLL);
                } catch (WakeupException e) {
                    break;
                } catch (RuntimeException e) {
                    LOG.error("Kafka ingest: a poll failed; its records are read again", e);
                    pause();
                }
            }
        } finally {
            close();
        }
    }

    /** Leaves the group without committing anything more, as a node that stops does. */
    void close() {
        consumer.close();
    }

    /** Stops the loop and leaves the group; what was booked and not committed is read again by another consumer. */
    void stop() {
        stopping.countDown();
        consumer.wakeup();
    }

    /**
     * One poll: books its records, dead-letters the refused, commits the offsets of what was done.
     *
     * @return how many records it went through (booked, replayed or dead-lettered)
     */
    int pass(Duration wait) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(wait);
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        Map<TopicPartition, Long> first = new HashMap<>();
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        boolean stuck = false;
        int count = 0;
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> batch = records.records(partition);
            List<Ingest.Outcome> outcomes = batched(partition, batch);
            if (outcomes != null) {
                first.put(partition, batch.get(0).offset());
                for (int i = 0; i < batch.size(); i++) {
                    if (outcomes.get(i).refused()) {
                        sent.add(deadLetters.send(deadLetter(batch.get(i), outcomes.get(i))));
                    }
                }
                done.put(partition, new OffsetAndMetadata(batch.get(batch.size() - 1).offset() + 1));
                count += batch.size();
                continue;
            }
            for (ConsumerRecord<byte[], byte[]> r : batch) {
                first.putIfAbsent(partition, r.offset());
                Ingest.Outcome outcome;
                try {
                    outcome = booker.book(topics.get(r.topic()), r.value());
                } catch (RuntimeException e) {
                    LOG.error("Kafka ingest: {}-{} offset {} could not be booked now; tried again from there",
                            r.topic(), r.partition(), r.offset(), e);
                    consumer.seek(partition, r.offset());
                    stuck = true;
                    break;
                }
                if (outcome.refused()) {
                    sent.add(deadLetters.send(deadLetter(r, outcome)));
                }
                done.put(partition, new OffsetAndMetadata(r.offset() + 1));
                count++;
            }
        }
        try {
            for (Future<RecordMetadata> letter : sent) {
                letter.get();
            }
        } catch (ExecutionException | InterruptedException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // Not committed: the poll's records are read again, the booked ones as replays, the refused sent again.
            first.forEach(consumer::seek);
            throw new IllegalStateException("a dead letter could not be sent to " + deadLetterTopic + ": "
                    + e.getMessage(), e);
        }
        if (!done.isEmpty()) {
            consumer.commitSync(done);
        }
        if (stuck) {
            pause();
        } else {
            waitMs = 0;
        }
        return count;
    }

    /**
     * A partition's records of the poll booked together ({@link Booker#bookAll}), or null to book
     * them one by one: when the kind is not booked so, or when booking them together failed (nothing
     * of them booked then), for the refused record to be told from the others and the others kept.
     */
    private List<Ingest.Outcome> batched(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> batch) {
        if (batch.size() < 2) {
            return null;
        }
        try {
            return booker.bookAll(topics.get(partition.topic()), batch.stream().map(ConsumerRecord::value).toList());
        } catch (RuntimeException e) {
            LOG.debug("Kafka ingest: {} records of {} not booked together ({}); booked one by one", batch.size(),
                    partition, e.toString());
            return null;
        }
    }

    private void pause() {
        waitMs = waitMs == 0 ? 1000 : Math.min(MAX_WAIT_MS, waitMs * 2);
        try {
            stopping.await(waitMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ConsumerRecord<byte[], byte[]> r, Ingest.Outcome outcome) {
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>(deadLetterTopic, null, r.key(), r.value());
        letter.headers().add(ERROR, outcome.reason().getBytes(StandardCharsets.UTF_8))
                .add(FIELD, outcome.field().getBytes(StandardCharsets.UTF_8))
                .add(TOPIC, r.topic().getBytes(StandardCharsets.UTF_8))
                .add(PARTITION, Integer.toString(r.partition()).getBytes(StandardCharsets.UTF_8))
                .add(OFFSET, Long.toString(r.offset()).getBytes(StandardCharsets.UTF_8));
        LOG.warn("Kafka ingest: {}-{} offset {} refused ({}: {}); sent to {}", r.topic(), r.partition(), r.offset(),
                outcome.field(), outcome.reason(), deadLetterTopic);
        return letter;
    }
}
