package org.rapport.rules.api;

import java.util.List;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The stored facts of a rule package's subjects (every loyalty member's activity, say), offered
 * by the bundle that owns them as a whiteboard service with the service property
 * {@value FactModel#RULE_PACKAGE}. The engine reads them to preview a candidate release against
 * every stored customer without applying anything.
 *
 * <p>A source whose facts profile people asks the consent gate, as its bundle does before it
 * evaluates them for real, and hands over only the facts of those the gate allows: it tells the
 * engine how many it left out and why ({@link #forEachBatch(int, Consumer, LeftOut)}), and the
 * preview reports them ({@link Impact#leftOut()}).
 */
@ConsumerType
public interface FactSource {

    /** Hands every stored fact to {@code batch}, at most {@code batchSize} at a time. */
    void forEachBatch(int batchSize, Consumer<List<?>> batch);

    /**
     * Hands every stored fact that may be evaluated to {@code batch}, at most {@code batchSize} at a
     * time, and tells {@code leftOut} of the subjects whose facts it kept back, and why. The engine
     * calls this one; a source that leaves nobody out need not implement it.
     */
    default void forEachBatch(int batchSize, Consumer<List<?>> batch, LeftOut leftOut) {
        forEachBatch(batchSize, batch);
    }

    /** How many facts {@link #forEachBatch} will hand over, for progress displays; -1 if unknown. */
    default long count() {
        return -1;
    }

    /** Where a source reports the subjects it kept back from the rules. */
    @FunctionalInterface
    interface LeftOut {

        /**
         * {@code subjects} more were kept back for {@code reason}, a sentence that names what decided
         * it ({@code blocked by the consent gate for 'profiling'}), the same for all left out alike.
         */
        void leftOut(String reason, int subjects);
    }
}
