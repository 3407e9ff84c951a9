package org.rapport.contacts.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/** Stores and finds accounts, the organisations contacts belong to. */
@ProviderType
public interface AccountService {

    /**
     * @throws ContactValidationException naming each field that is missing or invalid, or (a
     *         conflict) a domain another account has
     */
    Account create(NewAccount account);

    /** @throws ContactValidationException as for {@link #create}, or for an unknown account */
    Account update(long id, NewAccount details);

    Optional<Account> find(long id);

    /**
     * Accounts ordered by name, a page at a time; with {@code query} only those whose name or
     * domain starts with it, in any case.
     *
     * @throws IllegalArgumentException for a negative offset or a limit outside 1 to 1,000
     */
    List<Account> list(String query, int offset, int limit);

    long count(String query);

    /** The account's contacts, ordered by id. @throws IllegalArgumentException for bad paging */
    List<Contact> contacts(long accountId, int offset, int limit);

    long countContacts(long accountId);

    /**
     * Removes an account that no contact belongs to any more.
     *
     * @throws ContactValidationException for an unknown account, or (a conflict) one that still has contacts
     */
    void delete(long id);
}
