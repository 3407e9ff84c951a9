package org.rapport.privacy.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongFunction;

import org.osgi.annotation.versioning.ConsumerType;
import org.rapport.privacy.facts.StoredRecord;

/**
 * Registered, as an OSGi service, by a bundle that keeps a category of personal data subject to
 * data-retention policies. Data-retention runs read its records a batch at a time, let the
 * {@code privacy} rules decide, and ask it to delete or anonymise the records the rules named.
 */
@ConsumerType
public interface DataRetentionSource {

    /** The category its records have, as rules name it: {@code interactions}. */
    String category();

    /** Every record of the category, in batches of at most {@code batchSize}, without legal holds marked. */
    void forEachBatch(int batchSize, Consumer<List<StoredRecord>> batch);

    /**
     * The records whose id is above {@code afterId}, in id order, at most {@code size}: the page a
     * data-retention run (a job of the platform's runner) does next, and goes on from after a stop.
     * A source that reads its records in id order answers with one query ({@link #inIdOrder} over
     * this method gives its {@link #forEachBatch}); this default reads every batch and keeps the page.
     *
     * @param afterId the id of the last record of the page before, or -1 for the first page
     */
    default List<StoredRecord> page(long afterId, int size) {
        List<StoredRecord> after = new ArrayList<>();
        forEachBatch(Math.max(1, size), batch -> batch.stream().filter(r -> r.getRecordId() > afterId).forEach(after::add));
        after.sort(Comparator.comparingLong(StoredRecord::getRecordId));
        return List.copyOf(after.subList(0, Math.min(size, after.size())));
    }

    /** Deletes the records; returns how many were deleted. */
    int delete(List<Long> recordIds);

    /** Removes the personal values of the records and keeps the rest; returns how many changed. */
    int anonymize(List<Long> recordIds);

    /**
     * Hands {@code batch} the records {@code pageAfter} reads, page after page, for sources that
     * read their records in id order: {@code pageAfter} gets the id of the last record handed over
     * (-1 at first) and returns the next page, empty when there is no more.
     */
    static void inIdOrder(LongFunction<List<StoredRecord>> pageAfter, Consumer<List<StoredRecord>> batch) {
        long after = -1;
        for (List<StoredRecord> page = pageAfter.apply(after); !page.isEmpty(); page = pageAfter.apply(after)) {
            batch.accept(page);
            after = page.get(page.size() - 1).getRecordId();
        }
    }
}
