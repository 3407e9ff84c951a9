package org.rapport.contacts.impl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.rapport.contacts.api.Address;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactProperties;
import org.rapport.contacts.api.NewContact;

/**
 * A contact's fields as text, as a merge records them before and after, so that an undo can put
 * back what the merge changed and nobody changed since.
 */
final class MergeSnapshots {

    private MergeSnapshots() {
    }

    /** A contact's mergeable fields as text: {@code address.*} parts, custom properties as {@code properties.<name>}. */
    static Map<String, String> snapshot(Contact c) {
        return snapshot(c.firstName(), c.lastName(), c.phone(), c.language(),
                c.preferredChannel() == null ? null : c.preferredChannel().name(), c.address(), c.owner(), c.accountId(),
                c.properties(), c.timeZone());
    }

    static Map<String, String> snapshot(ContactDetails d) {
        return snapshot(d.firstName(), d.lastName(), d.phone(), d.language(),
                d.preferredChannel() == null ? null : d.preferredChannel().name(), d.address(), d.owner(), d.accountId(),
                d.properties(), d.timeZone());
    }

    private static Map<String, String> snapshot(String first, String last, String phone, String language, String channel,
            Address address, String owner, Long account, Map<String, Object> props, String timeZone) {
        Map<String, String> s = new LinkedHashMap<>();
        put(s, "firstName", first);
        put(s, "lastName", last);
        put(s, "phone", phone);
        put(s, "language", language);
        put(s, "preferredChannel", channel);
        put(s, "address.street", address.street());
        put(s, "address.locality", address.locality());
        put(s, "address.region", address.region());
        put(s, "address.postalCode", address.postalCode());
        put(s, "address.country", address.country());
        put(s, "owner", owner);
        put(s, "accountId", account == null ? null : account.toString());
        put(s, "timeZone", timeZone);
        props.forEach((name, value) -> s.put(MergePlanner.PROPERTY + name, ContactPropertyEntity.text(value)));
        return s;
    }

    private static void put(Map<String, String> s, String key, String value) {
        if (value != null) {
            s.put(key, value);
        }
    }

    /** The contact a snapshot describes, with the custom properties still defined. */
    static NewContact fromSnapshot(String email, Map<String, String> s, Set<String> tags, ContactProperties properties) {
        Map<String, Object> props = new TreeMap<>();
        s.forEach((key, value) -> {
            // A property removed since the merge has no values to restore.
            if (key.startsWith(MergePlanner.PROPERTY) && properties.definition(key.substring(MergePlanner.PROPERTY.length())).isPresent()) {
                props.put(key.substring(MergePlanner.PROPERTY.length()), value);
            }
        });
        return new NewContact(email, s.get("firstName"), s.get("lastName"), s.get("phone"), s.get("language"),
                s.get("preferredChannel"), tags, new Address(s.get("address.street"), s.get("address.locality"),
                        s.get("address.region"), s.get("address.postalCode"), s.get("address.country")),
                s.get("owner"), s.containsKey("accountId") ? Long.valueOf(s.get("accountId")) : null, props,
                s.get("timeZone"));
    }
}
