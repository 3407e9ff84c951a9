package org.rapport.contacts.api;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/** Stores and finds contacts. */
@ProviderType
public interface ContactService {

    /**
     * Stores a new contact.
     *
     * @throws ContactValidationException naming each field that is missing or invalid, or an
     *         email address that another contact already has
     */
    Contact create(NewContact contact);

    Optional<Contact> find(long id);

    /**
     * Whether a contact with this id is stored (one merged into another included): the contact's row
     * alone, without the tags and properties {@link #find(long)} reads, for callers that only refuse
     * an unknown contact.
     *
     * @since 3.3
     */
    boolean exists(long id);

    /** The contacts with these ids that exist, in the order of {@code ids}. */
    List<Contact> find(List<Long> ids);

    /**
     * Replaces a contact's details with {@code details}, validated as for {@link #create}.
     *
     * @throws ContactValidationException as for {@link #create}, or for an unknown contact
     */
    Contact update(long id, NewContact details);

    /**
     * Contacts matching every word of {@code query}, ordered by id: a word with '@' matches the
     * start of the email address, {@code tag:x} a tag, a word of digits (with '+', spaces or
     * dashes) a part of the phone number, any other word the start of the first name, last name
     * or email address, in any case.
     *
     * @throws IllegalArgumentException for an empty query, or the paging of {@link #list}
     */
    List<Contact> search(String query, int offset, int limit);

    /** How many contacts {@link #search} finds in all. */
    long countMatches(String query);

    /** The fields {@link #list(int, int, String, boolean)} sorts by. */
    Set<String> SORTABLE = Set.of("id", "email", "firstName", "lastName", "createdAt", "updatedAt");

    /** Contacts ordered by id, a page at a time. */
    default List<Contact> list(int offset, int limit) {
        return list(offset, limit, "id", false);
    }

    /**
     * Contacts a page at a time, ordered by one of {@link #SORTABLE} (then by id).
     *
     * @throws IllegalArgumentException for a negative offset, a limit outside 1 to 1,000, or
     *         another sort field
     */
    List<Contact> list(int offset, int limit, String sortBy, boolean descending);

    long count();

    /**
     * When each contact with an id above {@code afterId} last showed a sign of life, in id order,
     * at most {@code limit} (and never more than 1,000) at once; empty after the last. For
     * policies on inactive contacts, such as data retention, that walk every contact.
     */
    List<LastSeen> lastSeen(long afterId, int limit);
}
