package org.rapport.sales.impl;

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
import org.rapport.persistence.Transactions;
import org.rapport.privacy.facts.StoredRecord;
import org.rapport.privacy.spi.DataRetentionSource;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.sales.api.Lead;
import org.rapport.sales.api.LeadStatus;

/**
 * Leads never converted as a category of personal data under the retention rules: category
 * {@code leads}, one record per lead that is not converted (a converted lead's person lives on as
 * a contact, under the contacts' own policies), kind its status ({@code open}, {@code qualified},
 * {@code disqualified}), channel its source, aged from its last change. Anonymising drops the name,
 * email address, phone, company, answers, reasons, pending consent and the link to a contact, and
 * the rules' decisions about the lead (made on those facts); the lead stays, counted in the
 * pipeline's figures by status and source. Deleting removes it and its decisions. An anonymised
 * lead is not offered again.
 */
@Component
public class LeadDataRetention implements DataRetentionSource {

    static final String CATEGORY = "leads";
    static final String ANONYMISED = "(anonymised)";

    private final EntityManagerFactory emf;
    private final DecisionLedger ledger;
    private final Clock clock;

    @Activate
    public LeadDataRetention(@Reference(target = "(osgi.unit.name=rapport-sales)") EntityManagerFactory emf,
            @Reference DecisionLedger ledger) {
        this(emf, ledger, Clock.systemUTC());
    }

    LeadDataRetention(EntityManagerFactory emf, DecisionLedger ledger, Clock clock) {
        this.emf = emf;
        this.ledger = ledger;
        this.clock = clock;
    }

    @Override
    public String category() {
        return CATEGORY;
    }

    @Override
    public void forEachBatch(int batchSize, Consumer<List<StoredRecord>> batch) {
        DataRetentionSource.inIdOrder(after -> page(after, batchSize), batch);
    }

    @Override
    public List<StoredRecord> page(long after, int batchSize) {
        Instant now = clock.instant();
        List<Object[]> rows = Transactions.read(emf, em -> em.createQuery("select l.id, l.contactId, l.updatedAt, "
                + "l.status, l.source from LeadEntity l where l.id > :after and l.status <> :converted and l.name <> :a "
                + "order by l.id", Object[].class).setParameter("after", after)
                .setParameter("converted", LeadStatus.CONVERTED.name()).setParameter("a", ANONYMISED)
                .setMaxResults(batchSize).getResultList());
        List<StoredRecord> records = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            long age = Math.max(0, Duration.between((Instant) row[2], now).toDays());
            records.add(new StoredRecord(CATEGORY, (Long) row[0], row[1] == null ? 0 : (Long) row[1], age,
                    ((String) row[3]).toLowerCase(Locale.ROOT), (String) row[4], false));
        }
        return records;
    }

    @Override
    public int delete(List<Long> recordIds) {
        if (recordIds.isEmpty()) {
            return 0;
        }
        int deleted = Transactions.inTransaction(emf, em -> em.createQuery("delete from LeadEntity l where l.id in :ids "
                + "and l.status <> :converted").setParameter("ids", recordIds)
                .setParameter("converted", LeadStatus.CONVERTED.name()).executeUpdate());
        recordIds.forEach(id -> ledger.forget(Lead.subject(id)));
        return deleted;
    }

    @Override
    public int anonymize(List<Long> recordIds) {
        if (recordIds.isEmpty()) {
            return 0;
        }
        int changed = Transactions.inTransaction(emf, em -> em.createQuery("update LeadEntity l set l.name = :a, "
                + "l.email = null, l.emailKey = null, l.phone = null, l.company = null, l.answers = null, l.reason = null, "
                + "l.pendingConsent = null, l.contactId = null where l.id in :ids and l.status <> :converted and "
                + "l.name <> :a").setParameter("a", ANONYMISED).setParameter("ids", recordIds)
                .setParameter("converted", LeadStatus.CONVERTED.name()).executeUpdate());
        recordIds.forEach(id -> ledger.forget(Lead.subject(id)));
        return changed;
    }
}
