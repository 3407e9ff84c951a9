package org.rapport.contacts.api;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A word another bundle adds to the contact search (and to {@link ContactConditions}): registered
 * as a service with the property {@value #PREFIX}, the part of the word before ':' (segments add
 * {@code segment:name} and {@code rfm:r>=4}). The word stands for an SQL condition on the
 * bundle's own tables, which share the contacts' database.
 */
@ConsumerType
public interface ContactSearchWord {

    /** The service property naming the prefix the word starts with, in lower case, without ':'. */
    String PREFIX = "rapport.search.prefix";

    /**
     * An SQL condition that holds for a contact: {@code sql} writes {@value #CONTACT_ID} where the
     * contact's id goes, and '?' for each of {@code values}, in order.
     */
    record Condition(String sql, List<Object> values) {
        public Condition {
            values = List.copyOf(values);
        }
    }

    /** What {@link Condition#sql} writes for the contact's id. */
    String CONTACT_ID = "{contact}";

    /**
     * The condition one word stands for.
     *
     * @param word the whole word, such as {@code rfm:r>=4} (without a leading '-', which negates it)
     * @throws IllegalArgumentException saying how to write the word, or why it cannot be used
     */
    Condition condition(String word);
}
