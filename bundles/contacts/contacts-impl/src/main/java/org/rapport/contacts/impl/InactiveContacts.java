package org.rapport.contacts.impl;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.api.ErasureReport;
import org.rapport.privacy.api.ErasureService;
import org.rapport.privacy.api.DataRetentionSource;
import org.rapport.privacy.facts.StoredRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Contacts as a category of personal data under the retention rules: category {@code contacts},
 * one record per contact (its id), aged from the contact's last sign of life: its newest
 * interaction, or its last change when that is later. A contact the rules delete or anonymise is
 * erased across every bundle, as {@code privacy:erase} would, with its erasure report kept as
 * evidence. Registered only while the erasure service is there.
 */
@Component
public class InactiveContacts implements DataRetentionSource {

    private static final Logger LOG = LoggerFactory.getLogger(InactiveContacts.class);
    static final String ACTOR = "data retention";

    private final EntityManagerFactory emf;
    private final ErasureService erasure;
    private final Clock clock;

    @Activate
    public InactiveContacts(@Reference(target = "(osgi.unit.name=rapport-contacts)") EntityManagerFactory emf,
            @Reference ErasureService erasure) {
        this(emf, erasure, Clock.systemUTC());
    }

    /** A source reading time from {@code clock}: for tests and for embedding. */
    public InactiveContacts(EntityManagerFactory emf, ErasureService erasure, Clock clock) {
        this.emf = emf;
        this.erasure = erasure;
        this.clock = clock;
    }

    @Override
    public String category() {
        return "contacts";
    }

    @Override
    public void forEachBatch(int batchSize, Consumer<List<StoredRecord>> batch) {
        DataRetentionSource.inIdOrder(after -> Transactions.read(emf, em -> {
            Instant now = clock.instant();
            List<Object[]> contacts = em.createQuery("select c.id, c.createdAt, c.updatedAt from ContactEntity c "
                    + "where c.id > :after order by c.id", Object[].class).setParameter("after", after)
                    .setMaxResults(batchSize).getResultList();
            if (contacts.isEmpty()) {
                return List.of();
            }
            Map<Long, Instant> lastInteraction = new HashMap<>();
            // In SQL: the JPA converter of OCCURRED_AT does not apply to an aggregate. Times are stored in UTC.
            @SuppressWarnings("unchecked")
            List<Object[]> newest = em.createNativeQuery("SELECT CONTACT_ID, MAX(OCCURRED_AT) FROM INTERACTION "
                    + "WHERE CONTACT_ID BETWEEN ? AND ? GROUP BY CONTACT_ID").setParameter(1, contacts.get(0)[0])
                    .setParameter(2, contacts.get(contacts.size() - 1)[0]).getResultList();
            for (Object[] row : newest) {
                lastInteraction.put(((Number) row[0]).longValue(),
                        ((Timestamp) row[1]).toLocalDateTime().toInstant(ZoneOffset.UTC));
            }
            List<StoredRecord> records = new ArrayList<>(contacts.size());
            for (Object[] row : contacts) {
                long id = (Long) row[0];
                Instant seen = latest(latest((Instant) row[1], (Instant) row[2]), lastInteraction.get(id));
                records.add(new StoredRecord(category(), id, id, Math.max(0, Duration.between(seen, now).toDays()),
                        "contact", null, false));
            }
            return records;
        }), batch);
    }

    private static Instant latest(Instant a, Instant b) {
        return b == null || a.isAfter(b) ? a : b;
    }

    /** Erases the contacts; returns how many erasures completed. */
    @Override
    public int delete(List<Long> recordIds) {
        int erased = 0;
        for (long contactId : recordIds) {
            try {
                ErasureReport report = erasure.erase(contactId, ACTOR);
                if (report.complete()) {
                    erased++;
                } else {
                    LOG.warn("Data retention's erasure {} of inactive contact {} is incomplete: {}", report.id(), contactId,
                            report.outcomes());
                }
            } catch (RuntimeException e) {
                LOG.warn("Data retention could not erase inactive contact {}: {}", contactId, e.getMessage());
            }
        }
        return erased;
    }

    /** A contact's personal values cannot be kept apart from it: anonymising a contact erases it. */
    @Override
    public int anonymize(List<Long> recordIds) {
        return delete(recordIds);
    }
}
