package org.rapport.contacts.impl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVRecord;
import org.rapport.contacts.api.ContactTransfer;
import org.rapport.contacts.api.NewContact;

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
            Map.entry("tags", "tags"), Map.entry("tag", "tags"));

    /** Field to the heading of the column that fills it. */
    private final Map<String, String> columns;

    private CsvColumns(Map<String, String> columns) {
        this.columns = columns;
    }

    /**
     * @throws IllegalArgumentException if a mapping names a missing column or an unknown field, two
     *         columns fill one field, or no column holds the email address
     */
    static CsvColumns of(List<String> headings, Map<String, String> mapping) {
        Map<String, String> columns = new LinkedHashMap<>();
        Set<String> present = new LinkedHashSet<>(headings);
        mapping.forEach((heading, field) -> {
            if (!present.contains(heading)) {
                throw new IllegalArgumentException("the mapping names column '" + heading + "', which the heading row "
                        + "does not have; it has " + headings);
            }
            if (!ContactTransfer.FIELDS.contains(field)) {
                throw new IllegalArgumentException("the mapping sends column '" + heading + "' to '" + field
                        + "', which is not a contact field; the fields are " + ContactTransfer.FIELDS);
            }
            put(columns, field, heading);
        });
        for (String heading : headings) {
            if (mapping.containsKey(heading)) {
                continue;
            }
            String field = ALIASES.get(heading.toLowerCase(Locale.ROOT).replaceAll("[\\s_\\-]", ""));
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
                record.isMapped(heading) && record.isSet(heading) ? record.get(heading) : null));
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
        return new NewContact(cells.get("email"), cells.get("firstName"), cells.get("lastName"), cells.get("phone"),
                cells.get("language"), cells.get("preferredChannel"), tagSet);
    }

    /** The heading of the column behind a field, for row errors. */
    String heading(String field) {
        return columns.getOrDefault(field, field);
    }

    /** The mapping in a stable form, to recognise the same import again. */
    String describe() {
        List<String> parts = new ArrayList<>();
        columns.forEach((field, heading) -> parts.add(heading + "=" + field));
        return String.join(";", parts);
    }
}
