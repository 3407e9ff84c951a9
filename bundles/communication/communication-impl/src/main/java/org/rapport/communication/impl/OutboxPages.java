package org.rapport.communication.impl;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;
import javax.persistence.TypedQuery;

import org.rapport.communication.api.Message;
import org.rapport.communication.api.MessageStatus;
import org.rapport.persistence.Columns;
import org.rapport.persistence.InLists;
import org.rapport.persistence.Transactions;

/**
 * The dispatcher's reads and writes of {@code COMM_MESSAGE}, a page at a time: the due messages
 * found, claimed and read in one transaction, and their outcomes settled in another, the updates of
 * each as one JDBC batch. A message is claimed by moving its next attempt a lease ahead only where it
 * is still as it was found, so of two dispatchers (threads or nodes) one claims it.
 */
final class OutboxPages {

    private static final EnumSet<MessageStatus> DUE = EnumSet.of(MessageStatus.QUEUED, MessageStatus.RETRYING);

    /**
     * A claimed message as it leaves: what it says, whether files wait in its row, and its delivery
     * key (the same on every attempt: its email's Message-ID).
     */
    record Claimed(Message message, Map<String, String> headers, String inReplyTo, List<String> references,
            boolean hasFiles, String deliveryKey) {

        Claimed withDeliveryKey(String key) {
            return new Claimed(message, headers, inReplyTo, references, hasFiles, key);
        }
    }

    private static final SecureRandom KEYS = new SecureRandom();
    private static final String CLAIM = "UPDATE COMM_MESSAGE SET NEXT_ATTEMPT_AT = ? "
            + "WHERE ID = ? AND NEXT_ATTEMPT_AT = ? AND STATUS IN ('QUEUED', 'RETRYING')";
    private static final String KEY = "UPDATE COMM_MESSAGE SET DELIVERY_KEY = ? WHERE ID = ?";
    private static final String SETTLE = "UPDATE COMM_MESSAGE SET STATUS = ?, ATTEMPTS = ?, LAST_ERROR = ?, "
            + "PROVIDER_REF = ?, NEXT_ATTEMPT_AT = ?, SENT_AT = ? WHERE ID = ?";

    /**
     * What became of one attempt.
     *
     * @param status the message's new state: {@code SENT}, {@code BLOCKED}, {@code FAILED},
     *        {@code RETRYING}, or {@code QUEUED} for a message released without an attempt
     * @param nextAttemptAt when it is tried again ({@code RETRYING}, {@code QUEUED}), else null
     */
    record Outcome(Message message, MessageStatus status, String reason, String providerReference, boolean attempted,
            Instant nextAttemptAt, Instant sentAt) {
    }

    private final EntityManagerFactory emf;

    OutboxPages(EntityManagerFactory emf) {
        this.emf = emf;
    }

    /** The keepers of those of {@code ids} that a keeper keeps ({@code SendRequest.keeper}), in one query. */
    Map<Long, String> keepers(List<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<Long, String> keepers = new HashMap<>();
        Transactions.read(emf, em -> {
            em.createQuery("select m.id, m.keeper from MessageEntity m where m.id in :ids and m.keeper is not null",
                    Object[].class).setParameter("ids", ids).getResultStream()
                    .forEach(row -> keepers.put((Long) row[0], (String) row[1]));
            return null;
        });
        return keepers;
    }

    /**
     * A page taken from the outbox: how many messages were found due (a full page means more may
     * wait) and those of them claimed, read and keyed.
     */
    record Page(int found, List<Claimed> claimed) {
    }

    /**
     * Finds up to {@code limit} messages due at {@code now}, not on a suspended channel, claims them
     * and reads those claimed, in one transaction. A message is claimed where its next attempt is
     * still the one seen, by moving it to {@code lease} (the claims as one JDBC batch); the others
     * were claimed by someone else meanwhile. The claimed messages are read in one query, in the
     * order found; their files stay in the row ({@link #files}), so that a page of messages with large
     * files is not held at once. A message about to be tried for the first time is given its
     * delivery key in the same transaction, stored before the attempt, so that every later attempt
     * carries the same one. When any of it fails, nothing of the page is claimed or keyed.
     */
    Page claim(Instant now, Set<String> suspended, int limit, Instant lease) {
        return Transactions.inTransaction(emf, em -> {
            TypedQuery<Object[]> query = em.createQuery("select m.id, m.nextAttemptAt from MessageEntity m "
                    + "where m.status in :due and m.nextAttemptAt <= :now"
                    + (suspended.isEmpty() ? "" : " and m.channel not in :suspended")
                    + " order by m.nextAttemptAt, m.id", Object[].class)
                    .setParameter("due", DUE).setParameter("now", now).setMaxResults(limit);
            List<Object[]> due = (suspended.isEmpty() ? query : query.setParameter("suspended", suspended))
                    .getResultList();
            List<Long> ids = claim(Transactions.connection(em), due, lease);
            if (ids.isEmpty()) {
                return new Page(due.size(), List.of());
            }
            Map<Long, Claimed> byId = new HashMap<>();
            em.createQuery("select m.id, m.contactId, m.channel, m.template, m.language, "
                    + "m.purpose, m.address, m.subject, m.body, m.status, m.attempts, m.lastError, m.providerReference, "
                    + "m.reference, m.requester, m.createdAt, m.nextAttemptAt, m.sentAt, m.html, m.headers, m.inReplyTo, "
                    + "m.references, case when m.attachments is null then 0 else 1 end, m.deliveryKey from MessageEntity m "
                    + "where m.id in :ids", Object[].class).setParameter("ids", InLists.padded(ids)).getResultList()
                    .forEach(r -> byId.put((Long) r[0], claimed(r)));
            List<Claimed> page = new ArrayList<>();
            ids.stream().map(byId::get).filter(c -> c != null).forEach(page::add);
            return new Page(due.size(), withDeliveryKeys(Transactions.connection(em), page));
        });
    }

    /** The ids of {@code due} claimed on {@code connection}: those whose next attempt was still the one seen. */
    private static List<Long> claim(Connection connection, List<Object[]> due, Instant lease) {
        if (due.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement update = connection.prepareStatement(CLAIM)) {
            for (Object[] row : due) {
                update.setTimestamp(1, timestamp(lease));
                update.setLong(2, (Long) row[0]);
                update.setTimestamp(3, timestamp((Instant) row[1]));
                update.addBatch();
            }
            int[] counts = update.executeBatch();
            List<Long> claimed = new ArrayList<>();
            for (int i = 0; i < due.size(); i++) {
                if (counts[i] == 1) {
                    claimed.add((Long) due.get(i)[0]);
                }
            }
            return claimed;
        } catch (SQLException e) {
            throw new PersistenceException("could not claim a page of " + due.size() + " due messages", e);
        }
    }

    /** The page, each message with its delivery key: drawn and stored for those that have none yet. */
    private static List<Claimed> withDeliveryKeys(Connection connection, List<Claimed> page) {
        Map<Long, String> drawn = new HashMap<>();
        for (Claimed c : page) {
            if (c.deliveryKey() == null) {
                byte[] bits = new byte[16];
                KEYS.nextBytes(bits);
                drawn.put(c.message().id(), HexFormat.of().formatHex(bits));
            }
        }
        if (drawn.isEmpty()) {
            return page;
        }
        // The messages are claimed: no other attempt draws a key for them meanwhile.
        try (PreparedStatement update = connection.prepareStatement(KEY)) {
            for (Map.Entry<Long, String> key : drawn.entrySet()) {
                update.setString(1, key.getValue());
                update.setLong(2, key.getKey());
                update.addBatch();
            }
            update.executeBatch();
        } catch (SQLException e) {
            throw new PersistenceException("could not store the delivery keys of " + drawn.size() + " messages", e);
        }
        return page.stream().map(c -> c.deliveryKey() != null ? c : c.withDeliveryKey(drawn.get(c.message().id())))
                .toList();
    }

    private static Claimed claimed(Object[] r) {
        Message m = new Message((Long) r[0], (Long) r[1], (String) r[2], (String) r[3], (String) r[4], (String) r[5],
                (String) r[6], (String) r[7], (String) r[8], (MessageStatus) r[9], ((Number) r[10]).intValue(),
                (String) r[11], (String) r[12], (String) r[13], (String) r[14], (Instant) r[15], (Instant) r[16],
                (Instant) r[17], (String) r[18]);
        String references = (String) r[21];
        return new Claimed(m, MessageHeaders.decode((String) r[19]), (String) r[20],
                references == null ? List.of() : List.of(references.split("\n")), ((Number) r[22]).intValue() == 1,
                (String) r[23]);
    }

    /** A claimed message's files, read as it leaves. */
    String files(long id) {
        return Transactions.read(emf, em -> em.createQuery("select m.attachments from MessageEntity m where m.id = :id",
                String.class).setParameter("id", id).getResultStream().findFirst().orElse(null));
    }

    /** Of {@code addresses}, those marked undeliverable after a hard bounce, lower case, with the reason. */
    Map<String, String> undeliverable(Collection<String> addresses) {
        Set<String> keys = new HashSet<>();
        addresses.stream().filter(a -> a != null).forEach(a -> keys.add(a.strip().toLowerCase(Locale.ROOT)));
        if (keys.isEmpty()) {
            return Map.of();
        }
        Map<String, String> marked = new HashMap<>();
        Transactions.read(emf, em -> em.createQuery("select a.address, a.reason from AddressEntity a "
                + "where a.undeliverable = true and a.address in :addresses", Object[].class)
                .setParameter("addresses", keys).getResultList())
                .forEach(r -> marked.put((String) r[0], r[1] == null ? "a hard bounce" : (String) r[1]));
        return marked;
    }

    /**
     * Stores every outcome of a page in one transaction, as one JDBC batch; a message erased
     * meanwhile is left erased. When any of it fails, none of the page is settled.
     */
    void settle(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        Transactions.run(emf, em -> {
            try (PreparedStatement update = Transactions.connection(em).prepareStatement(SETTLE)) {
                for (Outcome o : outcomes) {
                    update.setString(1, o.status().name());
                    update.setInt(2, o.message().attempts() + (o.attempted() ? 1 : 0));
                    update.setString(3, o.reason() == null ? null : Columns.clip(o.reason(), 1000));
                    update.setString(4, o.providerReference() == null ? null : Columns.clip(o.providerReference(), 300));
                    update.setTimestamp(5, timestamp(o.nextAttemptAt()));
                    update.setTimestamp(6, timestamp(o.sentAt()));
                    update.setLong(7, o.message().id());
                    update.addBatch();
                }
                update.executeBatch();
            } catch (SQLException e) {
                throw new PersistenceException("could not settle a page of " + outcomes.size() + " messages", e);
            }
        });
    }

    /** An instant as {@code InstantConverter} stores it (UTC), or null. */
    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.valueOf(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
}
