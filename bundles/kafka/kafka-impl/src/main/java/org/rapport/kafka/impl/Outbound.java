package org.rapport.kafka.impl;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.rapport.persistence.Cluster;
import org.rapport.persistence.Cluster.Lease;
import org.rapport.persistence.Transactions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Publishes the domain events to a topic: the events bundle's outbox ({@code EVENT_OUTBOX}, where
 * it takes what the capabilities record in their transactions) read in the order it was written,
 * from a cursor kept in {@code KAFKA_CURSOR} up to the row below which no transaction is still
 * writing ({@link #horizon}), each event a CloudEvent (structured JSON, as the
 * webhook subscriptions receive it) keyed by its contact's id, so that a contact's events stay in
 * order in one partition. A batch is sent, every record acknowledged by the broker, and only then
 * the cursor moved past it: a node that stops between the two sends the batch again after its
 * restart (at least once; the CloudEvent's {@code id} tells a consumer what it has seen). One node
 * publishes at a time (the cluster lock {@value #LOCK}).
 */
final class Outbound {

    static final String LOCK = "kafka.publish";
    static final int BATCH = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;
    private final Cluster cluster;
    private final Producer<String, byte[]> producer;
    private final String topic;
    private final String source;
    private final String cursor;
    private final Clock clock;

    Outbound(DataSource dataSource, Cluster cluster, Producer<String, byte[]> producer, String topic, String source,
            Clock clock) {
        this.dataSource = dataSource;
        this.cluster = cluster;
        this.producer = producer;
        this.topic = topic;
        this.source = source;
        this.cursor = "events:" + topic;
        this.clock = clock;
    }

    /**
     * Publishes what the outbox holds past the cursor, a batch at a time, if no other node is.
     *
     * @return how many events were published
     * @throws IllegalStateException when the broker did not acknowledge a batch (the cursor stays before it)
     */
    int publish() {
        Optional<Lease> lease = cluster.tryLock(LOCK);
        if (lease.isEmpty()) {
            return 0;
        }
        try (Lease held = lease.get()) {
            long horizon = horizon();
            int published = 0;
            while (true) {
                long from = position();
                List<Row> rows = after(from, horizon);
                if (rows.isEmpty()) {
                    return published;
                }
                List<Future<RecordMetadata>> sent = new ArrayList<>(rows.size());
                for (Row row : rows) {
                    ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, Long.toString(row.contactId),
                            cloudEvent(row));
                    record.headers().add("content-type",
                            "application/cloudevents+json; charset=UTF-8".getBytes(StandardCharsets.UTF_8));
                    sent.add(producer.send(record));
                }
                producer.flush();
                for (Future<RecordMetadata> f : sent) {
                    acknowledged(f);
                }
                move(rows.get(rows.size() - 1).row);
                published += rows.size();
                if (rows.size() < BATCH) {
                    return published;
                }
            }
        }
    }

    private void acknowledged(Future<RecordMetadata> f) {
        try {
            f.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("events not published to " + topic + " (sent again next time): "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("publishing to " + topic + " was interrupted; sent again next time", e);
        }
    }

    private record Row(long row, String eventId, String type, long contactId, long occurredAt, String data) {
    }

    /** The event as a webhook subscriber receives it (the events bundle's CloudEvents JSON). */
    private byte[] cloudEvent(Row row) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("specversion", "1.0");
        json.put("id", row.eventId);
        json.put("source", source);
        json.put("type", row.type);
        json.put("time", Instant.ofEpochMilli(row.occurredAt).toString());
        json.put("subject", Long.toString(row.contactId));
        json.put("datacontenttype", "application/json");
        try {
            json.put("data", JSON.readTree(row.data));
            return JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("outbox row " + row.row + " (" + row.type + ") holds data that is not JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    long position() {
        return Transactions.inJdbc(dataSource, "reading the cursor " + cursor, c -> {
            try (PreparedStatement s = c.prepareStatement("select POSITION from KAFKA_CURSOR where NAME = ?")) {
                s.setString(1, cursor);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? r.getLong(1) : 0L;
                }
            }
        });
    }

    /**
     * The outbox row up to which every row is committed or gone for good. Rows are numbered when they
     * are written, not when they commit, and they are written by more than one transaction at a
     * time (the intake of the recorded events on the delivering node, the erasure's announcement
     * anywhere): a row committed after a higher one would be passed by a cursor moved past the
     * higher one, and never published. So the outbox is locked against writers for a moment, which
     * waits for the transactions writing it to end: every row numbered until then is committed or
     * gone, and every row written after is numbered above the highest one now.
     */
    private long horizon() {
        return Transactions.inJdbc(dataSource, "waiting for the outbox's writers", c -> {
            try (Statement s = c.createStatement()) {
                s.execute("lock table EVENT_OUTBOX in share mode");
                try (ResultSet r = s.executeQuery("select max(ID) from EVENT_OUTBOX")) {
                    return r.next() ? r.getLong(1) : 0L;
                }
            }
        });
    }

    private List<Row> after(long from, long horizon) {
        return Transactions.inJdbc(dataSource, "reading the outbox", c -> {
            try (PreparedStatement s = c.prepareStatement("select ID, EVENT_ID, TYPE, CONTACT_ID, OCCURRED_AT, DATA "
                    + "from EVENT_OUTBOX where ID > ? and ID <= ? order by ID")) {
                s.setMaxRows(BATCH);
                s.setLong(1, from);
                s.setLong(2, horizon);
                List<Row> rows = new ArrayList<>();
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        rows.add(new Row(r.getLong(1), r.getString(2), r.getString(3), r.getLong(4), r.getLong(5),
                                r.getString(6)));
                    }
                }
                return rows;
            }
        });
    }

    private void move(long to) {
        Transactions.inJdbc(dataSource, "moving the cursor " + cursor, c -> {
            long now = clock.millis();
            try (PreparedStatement s = c.prepareStatement("update KAFKA_CURSOR set POSITION = ?, MOVED_AT = ? "
                    + "where NAME = ?")) {
                s.setLong(1, to);
                s.setLong(2, now);
                s.setString(3, cursor);
                if (s.executeUpdate() == 1) {
                    return null;
                }
            }
            try (PreparedStatement s = c.prepareStatement("insert into KAFKA_CURSOR (NAME, POSITION, MOVED_AT) "
                    + "values (?, ?, ?)")) {
                s.setString(1, cursor);
                s.setLong(2, to);
                s.setLong(3, now);
                s.executeUpdate();
            }
            return null;
        });
    }
}
