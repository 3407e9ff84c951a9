package org.rapport.privacy.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.contacts.api.ContactService;
import org.rapport.privacy.api.ErasureReport;
import org.rapport.privacy.api.ErasureService;
import org.rapport.privacy.facts.StoredRecord;
import org.rapport.privacy.spi.DataRetentionSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Contacts as a category of personal data under the data-retention rules: category
 * {@code contacts}, one record per contact (its id), aged from the contact's last sign of life as
 * contacts tells it. A contact the rules delete or anonymise is erased across every bundle, as
 * {@code privacy:erase} would, with its erasure report kept as evidence. Here rather than in
 * contacts because erasing a contact everywhere is privacy's own service.
 */
@Component
public class InactiveContacts implements DataRetentionSource {

    private static final Logger LOG = LoggerFactory.getLogger(InactiveContacts.class);
    static final String ACTOR = "data retention";

    private final ContactService contacts;
    private final ErasureService erasure;
    private final Clock clock;

    @Activate
    public InactiveContacts(@Reference ContactService contacts, @Reference ErasureService erasure) {
        this(contacts, erasure, Clock.systemUTC());
    }

    /** A source reading time from {@code clock}: for tests and for embedding. */
    public InactiveContacts(ContactService contacts, ErasureService erasure, Clock clock) {
        this.contacts = contacts;
        this.erasure = erasure;
        this.clock = clock;
    }

    @Override
    public String category() {
        return "contacts";
    }

    @Override
    public void forEachBatch(int batchSize, Consumer<List<StoredRecord>> batch) {
        DataRetentionSource.inIdOrder(after -> page(after, batchSize), batch);
    }

    @Override
    public List<StoredRecord> page(long after, int batchSize) {
        Instant now = clock.instant();
        return contacts.lastSeen(after, batchSize).stream().map(seen -> new StoredRecord(category(),
                seen.contactId(), seen.contactId(), Math.max(0, Duration.between(seen.at(), now).toDays()), "contact",
                null, false)).toList();
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
