package org.rapport.contacts.api;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Conditions on contacts, written in the language of {@link ContactService#search} (with the
 * words other bundles add, see {@link ContactSearchWord}) but longer: for capabilities that keep
 * groups of contacts up to date, such as segments. Merged records are never selected.
 */
@ProviderType
public interface ContactConditions {

    /** The words a condition may have at most. */
    int MAX_WORDS = 32;

    /**
     * Checks a condition without running it.
     *
     * @throws IllegalArgumentException for an empty condition, too many words, or a word that
     *         cannot be read, naming the word and its position ({@code word 3, 'did:x': ...})
     */
    void check(String condition);

    /** How many contacts the condition selects now; refused as {@link #check} says. */
    long count(String condition);

    /**
     * The ids of the contacts the condition selects now, in id order, at most {@code limit}.
     *
     * @param among only these contacts are considered, or every contact when null
     */
    List<Long> select(String condition, Collection<Long> among, int limit);

    /**
     * The contacts whose details changed, or for whom an interaction was recorded, at or after
     * {@code from}.
     */
    Set<Long> changedSince(Instant from);
}
