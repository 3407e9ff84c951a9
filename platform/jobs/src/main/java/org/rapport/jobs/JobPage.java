package org.rapport.jobs;

import java.util.Map;

/**
 * What one page of a job did.
 *
 * @param cursor  where the page ended, from which the next page starts (at most 1,000 characters)
 * @param done    items the page did
 * @param changed items whose data the page changed
 * @param counts  what else the kind counts, added up over the pages and shown with the job
 *                (a retention sweep's {@code opened} and {@code closed} episodes); names are
 *                letters only
 */
public record JobPage(String cursor, long done, long changed, Map<String, Long> counts) {

    public JobPage {
        if (cursor == null || cursor.isEmpty() || cursor.length() > 1000) {
            throw new IllegalArgumentException("a page's cursor is 1 to 1,000 characters");
        }
        counts = counts == null ? Map.of() : Map.copyOf(counts);
        if (!counts.keySet().stream().allMatch(name -> name.matches("[A-Za-z]{1,40}"))) {
            throw new IllegalArgumentException("a page's counts are named with letters only: " + counts.keySet());
        }
    }

    /** A page that counts nothing besides what it did and changed. */
    public JobPage(String cursor, long done, long changed) {
        this(cursor, done, changed, Map.of());
    }
}
