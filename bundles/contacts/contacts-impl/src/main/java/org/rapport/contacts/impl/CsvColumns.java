package org.rapport.contacts.impl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import org.apache.commons.csv.CSVRecord;
import org.rapport.contacts.api.Address;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactTransfer;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.NewContact;
import org.rapport.contacts.api.PropertyDefinition;
import org.rapport.rest.CsvCells;

/** Which CSV column fills which contact field, decided once from the heading row. */
final class CsvColumns {

    /** Heading spellings that name a field without a mapping, lower-cased, spaces, '-' and '_' dropped. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("email", "email"), Map.entry("emailaddress", "email"), Map.entry("mail", "email"),
            Map.entry("firstname", "firstName"), Map.entry("givenname", "firstName"), Map.entry("first", "firstName"),
            Map.entry("lastname", "lastName"), Map.entry("surname", "lastName"), Map.entry("familyname", "lastName"),
            Map.entry("last", "lastName"), Map.entry("phone", "phone"), Map.entry("phonenumber", "phone"),
            Map.entry("mobile", "phone"), Map.entry("language", "language"), Map.entry("lang", "language"),
            Map.entry("preferredchannel", "preferredChannel"), Map.entry("channel", "preferredChannel"),
            Map.entry("tags", "tags"), Map.entry("tag", "tags"), Map.entry("street", "street"),
            Map.entry("address", "street"), Map.entry("streetaddress", "street"), Map.entry("city", "locality"),
            Map.entry("town", "locality"), Map.entry("locality", "locality"), Map.entry("region", "region"),
            Map.entry("state", "region"), Map.entry("province", "region"), Map.entry("county", "region"),
            Map.entry("postalcode", "postalCode"), Map.entry("postcode", "postalCode"), Map.entry("zip", "postalCode"),
            Map.entry("zipcode", "postalCode"), Map.entry("country", "country"), Map.entry("owner", "owner"),
            Map.entry("accountid", "accountId"), Map.entry("account", "accountId"), Map.entry("timezone", "timeZone"),
            Map.entry("tz", "timeZone"), Map.entry("zone", "timeZone"));

    /** Field to the heading of the column that fills it. */
    private final Map<String, String> columns;

    private CsvColumns(Map<String, String> columns) {
        this.columns = columns;
    }

    /**
     * @param properties the custom properties defined, by name
     * @throws IllegalArgumentException if a mapping names a missing column or an unknown field, two
     *         columns fill one field, or no column holds the email address
     */
    static CsvColumns of(List<String> headings, Map<String, String> mapping, Map<String, PropertyDefinition> properties) {
        Map<String, String> propertyHeadings = new HashMap<>();
        properties.values().forEach(p -> {
            propertyHeadings.put(normal(p.label()), ContactTransfer.PROPERTY_PREFIX + p.name());
            propertyHeadings.put(normal(p.name()), ContactTransfer.PROPERTY_PREFIX + p.name());
        });
        Map<String, String> columns = new LinkedHashMap<>();
        Set<String> present = new LinkedHashSet<>(headings);
        mapping.forEach((heading, field) -> {
            if (!present.contains(heading)) {
                throw new IllegalArgumentException("the mapping names column '" + heading + "', which the heading row "
                        + "does not have; it has " + headings);
            }
            boolean property = field.startsWith(ContactTransfer.PROPERTY_PREFIX)
                    && properties.containsKey(field.substring(ContactTransfer.PROPERTY_PREFIX.length()));
            if (!ContactTransfer.FIELDS.contains(field) && !property) {
                throw new IllegalArgumentException("the mapping sends column '" + heading + "' to '" + field
                        + "', which is not a contact field; the fields are " + ContactTransfer.FIELDS
                        + " and properties." + properties.keySet());
            }
            put(columns, field, heading);
        });
        for (String heading : headings) {
            if (mapping.containsKey(heading)) {
                continue;
            }
            String field = heading.startsWith(ContactTransfer.PROPERTY_PREFIX)
                    && properties.containsKey(heading.substring(ContactTransfer.PROPERTY_PREFIX.length())) ? heading
                            : ALIASES.getOrDefault(normal(heading), propertyHeadings.get(normal(heading)));
            if (field != null && !columns.containsKey(field)) {
                put(columns, field, heading);
            }
        }
        if (!columns.containsKey("email")) {
            throw new IllegalArgumentException("no column holds the email address: name one 'email' or map it "
                    + "(headings: " + headings + ")");
        }
        return new CsvColumns(columns);
    }

    private static String normal(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-.]", "");
    }

    private static void put(Map<String, String> columns, String field, String heading) {
        String other = columns.put(field, heading);
        if (other != null) {
            throw new IllegalArgumentException("columns '" + other + "' and '" + heading + "' both fill " + field);
        }
    }

    /** The contact a row describes; cells missing from a short row are empty. */
    NewContact read(CSVRecord record) {
        Map<String, String> cells = new HashMap<>();
        columns.forEach((field, heading) -> cells.put(field,
                record.isMapped(heading) && record.isSet(heading) ? CsvCells.restore(record.get(heading)) : null));
        String tags = cells.get("tags");
        Set<String> tagSet = null;
        if (tags != null && !tags.isBlank()) {
            tagSet = new LinkedHashSet<>();
            for (String tag : tags.split("[;|]")) {
                if (!tag.isBlank()) {
                    tagSet.add(tag.strip());
                }
            }
        }
        Address address = new Address(cells.get("street"), cells.get("locality"), cells.get("region"),
                cells.get("postalCode"), cells.get("country"));
        Long account = null;
        String accountCell = cells.get("accountId");
        if (accountCell != null && !accountCell.isBlank()) {
            try {
                account = Long.valueOf(accountCell.strip());
            } catch (NumberFormatException e) {
                throw new ContactValidationException(Map.of("accountId", "'" + accountCell + "' is not an account id"));
            }
        }
        Map<String, Object> properties = new HashMap<>();
        cells.forEach((field, value) -> {
            if (field.startsWith(ContactTransfer.PROPERTY_PREFIX) && value != null) {
                properties.put(field.substring(ContactTransfer.PROPERTY_PREFIX.length()), value);
            }
        });
        return new NewContact(cells.get("email"), cells.get("firstName"), cells.get("lastName"), cells.get("phone"),
                cells.get("language"), cells.get("preferredChannel"), tagSet, address, cells.get("owner"), account,
                properties, cells.get("timeZone"));
    }

    /**
     * A row's details for a stored contact: the fields this file has columns for from the row,
     * the others as stored. Both are valid, so the result is.
     */
    ContactDetails onto(Contact stored, ContactDetails row) {
        Address was = stored.address();
        Address address = new Address(pick("street", row.address().street(), was.street()),
                pick("locality", row.address().locality(), was.locality()),
                pick("region", row.address().region(), was.region()),
                pick("postalCode", row.address().postalCode(), was.postalCode()),
                pick("country", row.address().country(), was.country()));
        SortedMap<String, Object> properties = new TreeMap<>(stored.properties());
        columns.keySet().stream().filter(f -> f.startsWith(ContactTransfer.PROPERTY_PREFIX))
                .map(f -> f.substring(ContactTransfer.PROPERTY_PREFIX.length())).forEach(name -> {
                    Object value = row.properties().get(name);
                    if (value == null) {
                        properties.remove(name);
                    } else {
                        properties.put(name, value);
                    }
                });
        return new ContactDetails(row.email(), pick("firstName", row.firstName(), stored.firstName()),
                pick("lastName", row.lastName(), stored.lastName()), pick("phone", row.phone(), stored.phone()),
                pick("language", row.language(), stored.language()),
                pick("preferredChannel", row.preferredChannel(), stored.preferredChannel()),
                pick("tags", row.tags(), stored.tags()), address.isEmpty() ? Address.NONE : address,
                pick("owner", row.owner(), stored.owner()), pick("accountId", row.accountId(), stored.accountId()),
                Collections.unmodifiableSortedMap(properties), pick("timeZone", row.timeZone(), stored.timeZone()));
    }

    private <T> T pick(String field, T fromRow, T stored) {
        return columns.containsKey(field) ? fromRow : stored;
    }

    /** The heading of the column behind a field, for row errors. */
    String heading(String field) {
        String key = field.startsWith("address.") ? field.substring("address.".length()) : field;
        return columns.getOrDefault(key, field);
    }

    /** The mapping in a stable form, to recognise the same import again. */
    String describe() {
        List<String> parts = new ArrayList<>();
        columns.forEach((field, heading) -> parts.add(heading + "=" + field));
        return String.join(";", parts);
    }
}
