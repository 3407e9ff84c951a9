package org.rapport.contacts.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVRecord;

/** How an import reports a refused row: by number, column and reason, never with the row's values. */
final class RefusedRows {

    private static final Pattern QUOTED = Pattern.compile("'([^'\\n]*)'");
    private static final Pattern SHORTENED = Pattern.compile("… \\(\\d+ characters\\)$");

    private RefusedRows() {
    }

    /**
     * A refused row's reason without the row's values: the report is served to every agent
     * (`GET /jobs/{id}`) and kept after the person is erased, so it says which row, which column
     * and why, and never what the cell held.
     */
    static String withoutValues(String reason, CSVRecord record) {
        List<String> cells = new ArrayList<>();
        record.forEach(cell -> {
            if (cell != null && !cell.isBlank()) {
                cells.add(cell.toLowerCase(Locale.ROOT));
            }
        });
        // Every check quotes what it refused: the cell, or a part of it (one tag of a list, a normalised address).
        Matcher quoted = QUOTED.matcher(reason);
        StringBuilder text = new StringBuilder();
        while (quoted.find()) {
            // A long value is quoted by its start only (ContactDetails.shown): match that start.
            String value = SHORTENED.matcher(quoted.group(1)).replaceFirst("").toLowerCase(Locale.ROOT);
            boolean fromRow = value.length() >= 2 && cells.stream().anyMatch(c -> c.contains(value));
            quoted.appendReplacement(text, fromRow ? "the value" : Matcher.quoteReplacement(quoted.group()));
        }
        quoted.appendTail(text);
        return text.toString();
    }

}
