package org.rapport.contacts.impl.command;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.rapport.contacts.api.Address;
import org.rapport.contacts.api.ContactTransfer;
import org.rapport.contacts.api.NewContact;

/**
 * {@code field=value} pairs from the shell applied to a contact's details: the fields of
 * {@link org.rapport.contacts.api.ContactTransfer#FIELDS} by name, anything else a custom
 * property; an empty value clears the field.
 */
final class ContactFields {

    private ContactFields() {
    }

    static NewContact set(NewContact d, List<String> pairs) {
        Map<String, String> fields = new HashMap<>();
        Map<String, Object> properties = new HashMap<>(d.properties() == null ? Map.of() : d.properties());
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("'" + pair + "' is not field=value");
            }
            String name = pair.substring(0, eq).strip();
            String value = pair.substring(eq + 1).strip();
            String field = name.startsWith("properties.") ? name.substring("properties.".length()) : name;
            if (FIELDS.contains(field) && !name.startsWith("properties.")) {
                fields.put(field, value.isEmpty() ? null : value);
            } else if (value.isEmpty()) {
                properties.remove(field);
            } else {
                properties.put(field, value);
            }
        }
        Address a = d.address() == null ? Address.NONE : d.address();
        Set<String> tags = fields.containsKey("tags") ? tags(fields.get("tags")) : d.tags();
        String account = fields.containsKey("accountId") ? fields.get("accountId")
                : d.accountId() == null ? null : d.accountId().toString();
        Long accountId;
        try {
            accountId = account == null ? null : Long.valueOf(account);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("accountId: '" + account + "' is not an account id");
        }
        return new NewContact(get(fields, "email", d.email()), get(fields, "firstName", d.firstName()),
                get(fields, "lastName", d.lastName()), get(fields, "phone", d.phone()),
                get(fields, "language", d.language()), get(fields, "preferredChannel", d.preferredChannel()), tags,
                new Address(get(fields, "street", a.street()), get(fields, "locality", a.locality()),
                        get(fields, "region", a.region()), get(fields, "postalCode", a.postalCode()),
                        get(fields, "country", a.country())),
                get(fields, "owner", d.owner()), accountId, properties, get(fields, "timeZone", d.timeZone()));
    }

    private static final Set<String> FIELDS = Set.copyOf(ContactTransfer.FIELDS);

    private static String get(Map<String, String> fields, String field, String current) {
        return fields.containsKey(field) ? fields.get(field) : current;
    }

    private static Set<String> tags(String value) {
        Set<String> tags = new LinkedHashSet<>();
        if (value != null) {
            for (String tag : value.split("[,;|]")) {
                if (!tag.isBlank()) {
                    tags.add(tag.strip());
                }
            }
        }
        return tags;
    }
}
