package org.rapport.contacts.api;

import java.util.Map;
import java.util.Set;

/**
 * What a contact is made of, to create one or to replace its details; {@link ContactService}
 * validates it. Only {@code email} is required.
 *
 * @param phone digits with an optional leading '+' (spaces, dots, dashes and brackets are dropped)
 * @param language a BCP 47 language tag such as {@code en} or {@code pt-BR}
 * @param preferredChannel a {@link Channel} by name, such as {@code email}
 * @param tags lower-case labels such as {@code vip}
 * @param address may be null
 * @param owner the name of a Rapport user
 * @param accountId the id of an {@link Account}
 * @param properties values of {@linkplain ContactProperties defined properties}, as their Java type or as text
 * @param timeZone the IANA time zone the contact lives in, such as {@code Europe/Paris}; may be null
 */
public record NewContact(String email, String firstName, String lastName, String phone, String language,
        String preferredChannel, Set<String> tags, Address address, String owner, Long accountId,
        Map<String, Object> properties, String timeZone) {

    /** A contact without a time zone. */
    public NewContact(String email, String firstName, String lastName, String phone, String language,
            String preferredChannel, Set<String> tags, Address address, String owner, Long accountId,
            Map<String, Object> properties) {
        this(email, firstName, lastName, phone, language, preferredChannel, tags, address, owner, accountId, properties,
                null);
    }

    /** A contact without address, owner, account or custom properties. */
    public NewContact(String email, String firstName, String lastName, String phone, String language,
            String preferredChannel, Set<String> tags) {
        this(email, firstName, lastName, phone, language, preferredChannel, tags, null, null, null, null);
    }

    /** A contact known by email and name only. */
    public NewContact(String email, String firstName, String lastName) {
        this(email, firstName, lastName, null, null, null, null);
    }

    /** These details as they are for {@code contact}, to change some of them with the {@code with} methods. */
    public static NewContact of(Contact contact) {
        return new NewContact(contact.email(), contact.firstName(), contact.lastName(), contact.phone(),
                contact.language(), contact.preferredChannel() == null ? null : contact.preferredChannel().name(),
                contact.tags(), contact.address(), contact.owner(), contact.accountId(), Map.copyOf(contact.properties()),
                contact.timeZone());
    }

    public NewContact withProperties(Map<String, Object> values) {
        return new NewContact(email, firstName, lastName, phone, language, preferredChannel, tags, address, owner,
                accountId, values, timeZone);
    }

    public NewContact withTags(Set<String> values) {
        return new NewContact(email, firstName, lastName, phone, language, preferredChannel, values, address, owner,
                accountId, properties, timeZone);
    }

    public NewContact withAccount(Long account) {
        return new NewContact(email, firstName, lastName, phone, language, preferredChannel, tags, address, owner,
                account, properties, timeZone);
    }

    public NewContact withTimeZone(String zone) {
        return new NewContact(email, firstName, lastName, phone, language, preferredChannel, tags, address, owner,
                accountId, properties, zone);
    }
}
