package org.rapport.contacts.api;

import java.util.List;
import java.util.Optional;

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

    /** Contacts ordered by id, a page at a time. */
    List<Contact> list(int offset, int limit);

    long count();
}
