package org.rapport.contacts.api;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A stored contact. Names, phone, language, preferred channel, owner and account may be null.
 *
 * @param tags sorted
 * @param updatedAt when the details last changed; {@code createdAt} until then
 * @param address never null; {@link Address#NONE} when not known
 * @param owner the user responsible for the contact
 * @param accountId the {@link Account} the contact belongs to
 * @param properties custom property values by name, sorted, each in its {@link PropertyType}'s Java type
 * @param mergedInto the contact this one was {@linkplain ContactMerger merged} into, or null
 * @param timeZone the IANA time zone the contact lives in ({@code Europe/Paris}), or null when not known
 */
public record Contact(long id, String email, String firstName, String lastName, String phone, String language,
        Channel preferredChannel, Set<String> tags, Instant createdAt, Instant updatedAt, Address address,
        String owner, Long accountId, Map<String, Object> properties, Long mergedInto, String timeZone) {

    public Contact {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        tags = tags == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(tags));
        address = address == null ? Address.NONE : address;
        properties = properties == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /** A contact without a time zone. */
    public Contact(long id, String email, String firstName, String lastName, String phone, String language,
            Channel preferredChannel, Set<String> tags, Instant createdAt, Instant updatedAt, Address address,
            String owner, Long accountId, Map<String, Object> properties, Long mergedInto) {
        this(id, email, firstName, lastName, phone, language, preferredChannel, tags, createdAt, updatedAt, address, owner,
                accountId, properties, mergedInto, null);
    }

    /** A contact without address, owner, account or custom properties. */
    public Contact(long id, String email, String firstName, String lastName, String phone, String language,
            Channel preferredChannel, Set<String> tags, Instant createdAt, Instant updatedAt) {
        this(id, email, firstName, lastName, phone, language, preferredChannel, tags, createdAt, updatedAt, null, null,
                null, null, null);
    }

    /** First and last name, as far as they are known, or the email address. */
    public String displayName() {
        String name = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).strip();
        return name.isEmpty() ? email : name;
    }
}
