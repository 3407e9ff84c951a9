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

    /** The fields {@link #list(int, int, String, boolean)} sorts by. */
    Set<String> SORTABLE = Set.of("id", "email", "firstName", "lastName", "createdAt");

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
}
