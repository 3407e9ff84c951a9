package org.rapport.privacy.api;

import java.util.List;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ConsumerType;
import org.rapport.privacy.facts.StoredRecord;

/**
 * Registered, as an OSGi service, by a bundle that keeps a category of personal data subject to
 * retention policies. Retention runs read its records a batch at a time, let the {@code privacy}
 * rules decide, and ask it to delete or anonymise the records the rules named.
 */
@ConsumerType
public interface RetentionSource {

    /** The category its records have, as rules name it: {@code interactions}. */
    String category();

    /** Every record of the category, in batches of at most {@code batchSize}, without legal holds marked. */
    void forEachBatch(int batchSize, Consumer<List<StoredRecord>> batch);

    /** Deletes the records; returns how many were deleted. */
    int delete(List<Long> recordIds);

    /** Removes the personal values of the records and keeps the rest; returns how many changed. */
    int anonymize(List<Long> recordIds);
}
