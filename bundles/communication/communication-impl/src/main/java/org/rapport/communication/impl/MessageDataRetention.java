package org.rapport.communication.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.communication.api.MessageStatus;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.facts.StoredRecord;
import org.rapport.privacy.spi.DataRetentionSource;

/**
 * Messages as a category of personal data under the retention rules: category {@code messages},
 * the record's kind is its status ({@code sent}, {@code failed}, ...) and its channel the channel's
 * name; age counts from when it was queued. Messages not yet settled are left out: they are
 * still on their way. Anonymising keeps the log line (template, channel, outcome, times) and
 * drops the address, subject and text.
 */
@Component
public class MessageDataRetention implements DataRetentionSource {

    static final String ANONYMISED = "(anonymised)";

    private final EntityManagerFactory emf;
    private final Clock clock;

    @Activate
    public MessageDataRetention(@Reference(target = "(osgi.unit.name=rapport-communication)") EntityManagerFactory emf) {
        this(emf, Clock.systemUTC());
    }

    MessageDataRetention(EntityManagerFactory emf, Clock clock) {
        this.emf = emf;
        this.clock = clock;
    }

    @Override
    public String category() {
        return "messages";
    }

    @Override
    public void forEachBatch(int batchSize, Consumer<List<StoredRecord>> batch) {
        DataRetentionSource.inIdOrder(after -> page(after, batchSize), batch);
    }

    @Override
    public List<StoredRecord> page(long after, int batchSize) {
        Instant now = clock.instant();
        List<Object[]> rows = Transactions.read(emf, em -> em.createQuery("select m.id, m.contactId, m.createdAt, "
                + "m.status, m.channel from MessageEntity m where m.id > :after and m.status in :settled order by m.id",
                Object[].class).setParameter("after", after).setParameter("settled", List.of(MessageStatus.SENT,
                MessageStatus.FAILED, MessageStatus.BLOCKED, MessageStatus.BOUNCED)).setMaxResults(batchSize)
                .getResultList());
        List<StoredRecord> records = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            long age = Math.max(0, Duration.between((Instant) row[2], now).toDays());
            records.add(new StoredRecord(category(), (Long) row[0], (Long) row[1], age,
                    ((MessageStatus) row[3]).name().toLowerCase(Locale.ROOT), (String) row[4], false));
        }
        return records;
    }

    @Override
    public int delete(List<Long> recordIds) {
        return recordIds.isEmpty() ? 0 : Transactions.inTransaction(emf, em -> em.createQuery(
                "delete from MessageEntity m where m.id in :ids").setParameter("ids", recordIds).executeUpdate());
    }

    @Override
    public int anonymize(List<Long> recordIds) {
        return recordIds.isEmpty() ? 0 : Transactions.inTransaction(emf, em -> em.createQuery(
                "update MessageEntity m set m.address = :a, m.subject = null, m.body = :a, m.html = null, m.attachments = null, m.lastError = null "
                + "where m.id in :ids and m.address <> :a").setParameter("a", ANONYMISED).setParameter("ids", recordIds)
                .executeUpdate());
    }
}
