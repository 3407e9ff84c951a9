package org.rapport.contacts.api;

import java.util.Map;

/**
 * How a CSV file of contacts is read.
 *
 * @param dryRun check every row and report, store nothing
 * @param mapping a column heading to the contact field it fills ({@code "E-Mail" -> "email"});
 *     headings not mapped are matched to fields by name ({@code email}, {@code first_name},
 *     {@code First Name}...), and other columns are ignored
 * @param updateExisting whether a row whose email address is already stored replaces that
 *     contact's details; otherwise it is left as it is. Either way a row never creates a second
 *     contact with the same address, so an import can run again without duplicating anyone.
 */
public record ImportOptions(boolean dryRun, Map<String, String> mapping, boolean updateExisting) {

    public ImportOptions {
        mapping = mapping == null ? Map.of() : Map.copyOf(mapping);
    }

    /** A real import with headings matched by name, updating contacts already stored. */
    public static ImportOptions defaults() {
        return new ImportOptions(false, Map.of(), true);
    }
}
