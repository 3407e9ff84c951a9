package org.rapport.rest;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * CSV that is safe to open in a spreadsheet, for every CSV Rapport writes. A cell that starts
 * with {@code =}, {@code +}, {@code -}, {@code @}, a tab or a carriage return is a formula to
 * Excel, LibreOffice and Google Sheets, which run it when the file is opened: a contact named
 * {@code =HYPERLINK(...)} or {@code +cmd|'/c calc'!A1} would be a live formula in an export. As
 * OWASP's CSV injection advice says, such a cell gets a leading single quote (which spreadsheets
 * show as text and do not display) and every cell is quoted. A plain number such as
 * {@code -12.5} or {@code +442079460001} cannot run and is left as it is, so amounts and phone
 * numbers stay numbers.
 */
public final class CsvCells {

    private static final Pattern PLAIN_NUMBER = Pattern.compile("[+-]?[0-9]+([.,][0-9]+)?");

    private CsvCells() {
    }

    /** {@code cell} as a spreadsheet may show it without running it. */
    public static String neutralise(String cell) {
        return runnable(cell) ? "'" + cell : cell;
    }

    /**
     * The value of a cell read from CSV: the single quote that {@link #neutralise} puts before a
     * formula-like cell is taken off again (a spreadsheet does the same), so that an export
     * imports back as the values it holds.
     */
    public static String restore(String cell) {
        return cell != null && cell.length() > 1 && cell.charAt(0) == '\'' && runnable(cell.substring(1))
                ? cell.substring(1) : cell;
    }

    private static boolean runnable(String cell) {
        if (cell == null || cell.isEmpty()) {
            return false;
        }
        char first = cell.charAt(0);
        return (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r')
                && !PLAIN_NUMBER.matcher(cell).matches();
    }

    /**
     * Writes one record: each cell neutralised and quoted (quotes inside doubled), separated by
     * commas, ended by CRLF as RFC 4180 has it; a null cell is empty.
     */
    public static void writeRecord(Appendable out, Iterable<?> cells) throws IOException {
        boolean first = true;
        for (Object cell : cells) {
            if (!first) {
                out.append(',');
            }
            first = false;
            if (cell != null) {
                out.append('"').append(neutralise(cell.toString()).replace("\"", "\"\"")).append('"');
            }
        }
        out.append("\r\n");
    }
}
