package org.rapport.contacts.api;

import java.time.Instant;
import java.util.Map;

/**
 * A merge that was done, and undone if {@code undoneAt} is set.
 *
 * @param outcomes what each part did, by name ({@code contacts}, {@code consent}, ...)
 */
public record Merge(long id, long survivorId, long mergedId, Instant mergedAt, String mergedBy, Instant undoneAt,
        String undoneBy, Map<String, String> outcomes) {

    public Merge {
        outcomes = outcomes == null ? Map.of() : Map.copyOf(outcomes);
    }

    public boolean undone() {
        return undoneAt != null;
    }
}
