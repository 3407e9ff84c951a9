package org.rapport.loyalty.impl;

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
import org.rapport.persistence.Transactions;
import org.rapport.privacy.facts.StoredRecord;
import org.rapport.privacy.spi.DataRetentionSource;

/**
 * Purchase history as a category of personal data under the retention rules: category
 * {@code purchases}, one record per purchase (its ledger entry's id), kind {@code purchase}, the
 * selling channel as channel, aged from when it happened. What a customer bought and where is
 * their behaviour; the points it earned are a financial record. So anonymising drops the
 * purchase's category and channel and its lines, and deleting removes its details and lines; the
 * ledger entry, with its
 * amount of points, stays either way.
 */
@Component
public class PurchaseDataRetention implements DataRetentionSource {

    private final EntityManagerFactory emf;
    private final Clock clock;

    @Activate
    public PurchaseDataRetention(@Reference(target = "(osgi.unit.name=rapport-loyalty)") EntityManagerFactory emf) {
        this(emf, Clock.systemUTC());
    }

    PurchaseDataRetention(EntityManagerFactory emf, Clock clock) {
        this.emf = emf;
        this.clock = clock;
    }

    @Override
    public String category() {
        return "purchases";
    }

    @Override
    public void forEachBatch(int batchSize, Consumer<List<StoredRecord>> batch) {
        DataRetentionSource.inIdOrder(after -> page(after, batchSize), batch);
    }

    @Override
    public List<StoredRecord> page(long after, int batchSize) {
        Instant now = clock.instant();
        List<Object[]> rows = Transactions.read(emf, em -> em.createQuery("select p.entryId, p.contactId, p.occurredAt, "
                + "p.channel from PurchaseEntity p where p.entryId > :after order by p.entryId", Object[].class)
                .setParameter("after", after).setMaxResults(batchSize).getResultList());
        List<StoredRecord> records = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            long age = Math.max(0, Duration.between((Instant) row[2], now).toDays());
            records.add(new StoredRecord(category(), (Long) row[0], (Long) row[1], age, "purchase", (String) row[3],
                    false));
        }
        return records;
    }

    @Override
    public int delete(List<Long> recordIds) {
        return recordIds.isEmpty() ? 0 : Transactions.inTransaction(emf, em -> {
            deleteLines(em, recordIds);
            return em.createQuery("delete from PurchaseEntity p where p.entryId in :ids").setParameter("ids", recordIds)
                    .executeUpdate();
        });
    }

    @Override
    public int anonymize(List<Long> recordIds) {
        return recordIds.isEmpty() ? 0 : Transactions.inTransaction(emf, em -> Math.max(deleteLines(em, recordIds),
                em.createQuery("update PurchaseEntity p set p.channel = null, p.category = null where p.entryId in :ids "
                + "and (p.channel is not null or p.category is not null)").setParameter("ids", recordIds).executeUpdate()));
    }

    /** The purchases' lines (what was bought) go with their details. */
    private static int deleteLines(javax.persistence.EntityManager em, List<Long> recordIds) {
        return em.createQuery("delete from PurchaseLineEntity l where l.entryId in :ids").setParameter("ids", recordIds)
                .executeUpdate();
    }
}
