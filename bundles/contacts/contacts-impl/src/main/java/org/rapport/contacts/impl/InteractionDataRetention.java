package org.rapport.contacts.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.contacts.api.Channel;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.facts.StoredRecord;
import org.rapport.privacy.spi.DataRetentionSource;

/**
 * Interactions as a retention category ({@code interactions}): each one's age, type and channel
 * for the {@code privacy} rules; deleting removes it from the timeline, anonymising keeps when,
 * how and what kind but drops its summary and payload.
 */
@Component
public class InteractionDataRetention implements DataRetentionSource {

    private final EntityManagerFactory emf;
    private final Clock clock;

    @Activate
    public InteractionDataRetention(@Reference(target = "(osgi.unit.name=rapport-contacts)") EntityManagerFactory emf) {
        this(emf, Clock.systemUTC());
    }

    InteractionDataRetention(EntityManagerFactory emf, Clock clock) {
        this.emf = emf;
        this.clock = clock;
    }

    @Override
    public String category() {
        return "interactions";
    }

    @Override
    public void forEachBatch(int batchSize, Consumer<List<StoredRecord>> batch) {
        DataRetentionSource.inIdOrder(after -> page(after, batchSize), batch);
    }

    @Override
    public List<StoredRecord> page(long after, int batchSize) {
        Instant now = clock.instant();
        List<Object[]> rows = Transactions.read(emf, em -> em.createQuery("select i.id, i.contactId, i.occurredAt, "
                + "i.type, i.channel from InteractionEntity i where i.id > :after order by i.id", Object[].class)
                .setParameter("after", after).setMaxResults(batchSize).getResultList());
        List<StoredRecord> records = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            long age = Math.max(0, Duration.between((Instant) row[2], now).toDays());
            records.add(new StoredRecord(category(), (Long) row[0], (Long) row[1], age, (String) row[3],
                    row[4] == null ? null : ((Channel) row[4]).label(), false));
        }
        return records;
    }

    @Override
    public int delete(List<Long> recordIds) {
        if (recordIds.isEmpty()) {
            return 0;
        }
        return Transactions.inTransaction(emf, em -> em.createQuery("delete from InteractionEntity i where i.id in :ids")
                .setParameter("ids", recordIds).executeUpdate());
    }

    @Override
    public int anonymize(List<Long> recordIds) {
        if (recordIds.isEmpty()) {
            return 0;
        }
        return Transactions.inTransaction(emf, em -> em.createQuery("update InteractionEntity i set i.summary = null, "
                + "i.payload = null where i.id in :ids").setParameter("ids", recordIds).executeUpdate());
    }
}
