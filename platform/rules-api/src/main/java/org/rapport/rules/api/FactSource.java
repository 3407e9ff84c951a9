package org.rapport.rules.api;

import java.util.List;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The stored facts of a rule package's subjects (every loyalty member's activity, say), offered
 * by the bundle that owns them as a whiteboard service with the service property
 * {@value FactModel#RULE_PACKAGE}. The engine reads them to preview a candidate release against
 * every stored customer without applying anything.
 */
@ConsumerType
public interface FactSource {

    /** Hands every stored fact to {@code batch}, at most {@code batchSize} at a time. */
    void forEachBatch(int batchSize, Consumer<List<?>> batch);

    /** How many facts {@link #forEachBatch} will hand over, for progress displays; -1 if unknown. */
    default long count() {
        return -1;
    }
}
