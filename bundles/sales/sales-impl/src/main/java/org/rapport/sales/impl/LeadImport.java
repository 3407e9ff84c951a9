package org.rapport.sales.impl;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.rest.CsvCells;
import org.rapport.sales.api.NewLead;
import org.rapport.sales.api.SalesService;
import org.rapport.sales.api.SalesValidationException;

/**
 * Leads from CSV content (a request body, standard input; never a server file): a heading row
 * naming the columns {@code name}, {@code email}, {@code phone}, {@code company}, {@code source},
 * {@code owner} and {@code answer.<question>}, then one lead a row, each captured as
 * {@link SalesService#capture} does (matched, scored). A refused row is reported by its number,
 * column and reason, never its values, and the other rows are imported; a dry run checks every row
 * and stores nothing. An unknown column refuses the whole import.
 */
@Component(service = LeadImport.class)
public class LeadImport {

    /** The most rows one import takes. */
    static final int MAX_ROWS = 10_000;
    private static final Set<String> COLUMNS = Set.of("name", "email", "phone", "company", "source", "owner");
    private static final String ANSWER = "answer.";

    /** One refused row: its number in the file (the heading is row 1), the column at fault and why. */
    public record RowError(long row, String column, String message) {
    }

    /** What an import did. */
    public record Report(boolean dryRun, long rows, long imported, long refused, List<RowError> errors) {
    }

    private final SalesService sales;

    @Activate
    public LeadImport(@Reference SalesService sales) {
        this.sales = sales;
    }

    /**
     * @param source the source of rows without one
     * @throws SalesValidationException naming {@code csv} for content that is not such a CSV
     */
    public Report run(Reader csv, String source, boolean dryRun, String actor) {
        List<RowError> errors = new ArrayList<>();
        long rows = 0;
        long imported = 0;
        try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).build().parse(csv)) {
            List<String> columns = parser.getHeaderNames();
            for (String column : columns) {
                String name = column.toLowerCase(Locale.ROOT);
                if (!COLUMNS.contains(name) && !(name.startsWith(ANSWER) && name.length() > ANSWER.length())) {
                    throw SalesValidationException.of("csv", "row 1: column '" + Texts.shorten(column) + "' is not one of "
                            + "name, email, phone, company, source, owner, answer.<question>");
                }
            }
            if (!columns.contains("name")) {
                throw SalesValidationException.of("csv", "row 1: the heading names no column 'name'");
            }
            for (CSVRecord record : parser) {
                if (++rows > MAX_ROWS) {
                    throw SalesValidationException.of("csv", "more than " + MAX_ROWS + " rows: split the file");
                }
                long row = record.getRecordNumber() + 1;
                if (!record.isConsistent()) {
                    errors.add(new RowError(row, null, "has " + record.size() + " cells; the heading names "
                            + columns.size()));
                    continue;
                }
                NewLead lead = lead(record, columns, source);
                try {
                    if (dryRun) {
                        LeadInput.of(lead);
                    } else {
                        sales.capture(lead, null, actor);
                    }
                    imported++;
                } catch (SalesValidationException refused) {
                    refused.fieldErrors().forEach((field, message) -> errors.add(new RowError(row,
                            field.startsWith("answers.") ? ANSWER + field.substring("answers.".length()) : field,
                            withoutValues(message, record))));
                }
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            // Commons CSV reports content it cannot read (an unclosed quote) as an I/O or state failure.
            throw SalesValidationException.of("csv", "not CSV this import can read: " + Texts.shorten(e.getMessage()));
        }
        return new Report(dryRun, rows, imported, errors.stream().map(RowError::row).distinct().count(), errors);
    }

    private static NewLead lead(CSVRecord record, List<String> columns, String source) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> answers = new LinkedHashMap<>();
        for (String column : columns) {
            String value = CsvCells.restore(record.get(column));
            String name = column.toLowerCase(Locale.ROOT);
            if (name.startsWith(ANSWER)) {
                if (!value.isEmpty()) {
                    answers.put(column.substring(ANSWER.length()), value);
                }
            } else {
                values.put(name, value.isEmpty() ? null : value);
            }
        }
        String from = values.get("source") == null ? source : values.get("source");
        return new NewLead(values.get("name"), values.get("email"), values.get("phone"), values.get("company"), from,
                answers, values.get("owner"), null);
    }

    /** A refusal's message without the row's values it quotes: a report names rows, never what they held. */
    private static String withoutValues(String message, CSVRecord record) {
        String text = message;
        for (String value : record) {
            if (!value.isEmpty()) {
                text = text.replace("'" + Texts.shorten(value.strip()) + "'", "the value");
            }
        }
        return text;
    }
}
