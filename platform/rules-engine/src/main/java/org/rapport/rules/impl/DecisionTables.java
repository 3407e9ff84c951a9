package org.rapport.rules.impl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.apache.poi.ss.util.CellRangeAddress;
import org.drools.decisiontable.InputType;
import org.drools.decisiontable.SpreadsheetCompiler;
import org.drools.decisiontable.parser.csv.CsvLineParser;
import org.rapport.rules.api.RuleProblem;

/**
 * Decision tables (CSV, XLS, XLSX in Drools' decision table layout) turned into the DRL they
 * stand for, so that they pass the same sandbox and compiler as hand-written rules. Every line of
 * the generated DRL knows the table row it came from, so a problem in a table is reported at its
 * row and cell: {@code tiers.xlsx:13: Tiers!C13: ...}, {@code tiers.csv:13: C13: ...}.
 */
final class DecisionTables {

    /** "// rule values at C12, header at C7": the comment Drools writes above each generated rule. */
    private static final Pattern RULE_ROW = Pattern.compile("^\\s*// rule values at [A-Z]+(\\d+)");
    private static final Pattern ROW_IN_MESSAGE = Pattern.compile("(?i)\\brow:? ?(\\d+)");

    private DecisionTables() {
    }

    /** The DRL of one decision table, and the table row and cells each of its lines came from. */
    static final class Translation {
        final String drl;
        private final String[] lines;
        private final int[] rows;
        /** The sheet the rule table is on, or null for a CSV table. */
        private final String sheet;
        /** Each row's cells as text, by row number (1-based). */
        private final Map<Integer, List<String>> cells;

        private Translation(String drl, String sheet, Map<Integer, List<String>> cells) {
            this.drl = drl;
            this.sheet = sheet;
            this.cells = cells;
            lines = drl.split("\\R", -1);
            rows = new int[lines.length + 1];
            int row = 0;
            for (int i = 0; i < lines.length; i++) {
                Matcher m = RULE_ROW.matcher(lines[i]);
                if (m.find()) {
                    row = Integer.parseInt(m.group(1));
                }
                rows[i + 1] = row;
            }
        }

        /** The table row that generated a DRL line (1-based), or 0 for the table's header part. */
        int row(int drlLine) {
            return drlLine > 0 && drlLine < rows.length ? rows[drlLine] : 0;
        }

        /**
         * A problem found in the generated DRL, located in the table: at its row, and at the cell
         * whose value the generated line holds where the problem is ({@code Tiers!C13}).
         */
        RuleProblem locate(RuleProblem problem) {
            int row = row(problem.line());
            if (row == 0) {
                return new RuleProblem(problem.file(), 0, 0, "in the table's RuleSet, Import or Variables part: "
                        + problem.message());
            }
            String cell = cell(row, lines[problem.line() - 1], problem.column());
            String where = (sheet == null ? "" : sheet + "!") + (cell == null ? "row " + row : cell + row);
            return new RuleProblem(problem.file(), row, 0, where + ": " + problem.message());
        }

        /** The column (letters) of the row's cell whose value the DRL line holds at the column given. */
        private String cell(int row, String drlLine, int column) {
            List<String> values = cells.getOrDefault(row, List.of());
            String anywhere = null;
            for (int c = 0; c < values.size(); c++) {
                String value = values.get(c).strip();
                int index = value.isEmpty() ? -1 : drlLine.indexOf(value);
                if (index < 0) {
                    continue;
                }
                if (column > index && column <= index + value.length() + 1) {
                    return letters(c);
                }
                if (anywhere == null && c > 0) {
                    anywhere = letters(c);
                }
            }
            return anywhere;
        }
    }

    private static String letters(int column) {
        StringBuilder letters = new StringBuilder();
        for (int c = column + 1; c > 0; c = (c - 1) / 26) {
            letters.insert(0, (char) ('A' + (c - 1) % 26));
        }
        return letters.toString();
    }

    /** A table that could not be read as a decision table. */
    static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;
        final transient RuleProblem problem;

        Unreadable(RuleProblem problem) {
            super(problem.toString());
            this.problem = problem;
        }
    }

    static Translation translate(String name, String content) throws Unreadable {
        byte[] bytes;
        InputType type;
        if (RuleFiles.isSpreadsheet(name)) {
            try {
                bytes = Base64.getDecoder().decode(content);
            } catch (IllegalArgumentException e) {
                throw new Unreadable(new RuleProblem(name, 0, 0, "a spreadsheet travels Base64-encoded: " + e.getMessage()));
            }
            type = InputType.XLS;
            bytes = mergedPatterns(bytes);
        } else {
            bytes = content.getBytes(StandardCharsets.UTF_8);
            type = InputType.CSV;
        }
        String drl;
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            drl = new SpreadsheetCompiler().compile(in, type);
        } catch (Exception | LinkageError e) {
            String message = String.valueOf(rootMessage(e)).replaceAll("\\s*\\R\\s*", " ").strip();
            Matcher row = ROW_IN_MESSAGE.matcher(message);
            throw new Unreadable(new RuleProblem(name, row.find() ? Integer.parseInt(row.group(1)) : 0, 0,
                    "not a readable decision table: " + message));
        }
        if (drl == null || drl.isBlank() || !drl.contains("rule ")) {
            throw new Unreadable(new RuleProblem(name, 0, 0, "no rule table found: a decision table needs a 'RuleSet' "
                    + "row and a 'RuleTable <name>' block with CONDITION and ACTION columns"));
        }
        return sheetCells(name, bytes, type, drl);
    }

    /**
     * The spreadsheet with the CSV convention for a pattern over several condition columns made a
     * merged cell, as Drools reads spreadsheets: a table saved from CSV by a spreadsheet program
     * has the pattern repeated in each column, ending in "...", where a spreadsheet has one cell
     * merged over them. Each run of equal cells ending in "..." in a row becomes one merged cell
     * without the dots. A workbook without such cells is returned as it is.
     */
    private static byte[] mergedPatterns(byte[] bytes) {
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(bytes))) {
            boolean changed = false;
            for (Sheet sheet : workbook) {
                for (Row row : sheet) {
                    int c = 0;
                    while (c < row.getLastCellNum()) {
                        String text = text(row.getCell(c));
                        int end = c;
                        while (text.endsWith("...") && text(row.getCell(end + 1)).equals(text)) {
                            end++;
                        }
                        if (end > c) {
                            row.getCell(c).setCellValue(text.substring(0, text.length() - 3).strip());
                            for (int other = c + 1; other <= end; other++) {
                                row.getCell(other).setBlank();
                            }
                            sheet.addMergedRegion(new CellRangeAddress(row.getRowNum(), row.getRowNum(), c, end));
                            changed = true;
                        }
                        c = end + 1;
                    }
                }
            }
            if (!changed) {
                return bytes;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            return bytes; // Drools says what is wrong with it
        }
    }

    private static String text(Cell cell) {
        return cell == null || cell.getCellType() != CellType.STRING ? "" : cell.getStringCellValue().strip();
    }

    /** The translation with the cells of the table's rows: the sheet holding the rule table, or the CSV's lines. */
    private static Translation sheetCells(String name, byte[] bytes, InputType type, String drl) {
        Map<Integer, List<String>> cells = new HashMap<>();
        if (type == InputType.CSV) {
            String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\\R", -1);
            CsvLineParser parser = new CsvLineParser();
            for (int i = 0; i < lines.length; i++) {
                // The parser hands back the same list each time: keep a copy.
                cells.put(i + 1, List.copyOf(parser.parse(lines[i])));
            }
            return new Translation(drl, null, cells);
        }
        DataFormatter formatter = new DataFormatter(Locale.ROOT);
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(bytes))) {
            for (Sheet sheet : workbook) {
                boolean ruleTable = false;
                for (Row row : sheet) {
                    List<String> values = new ArrayList<>();
                    for (int c = 0; c < row.getLastCellNum(); c++) {
                        Cell cell = row.getCell(c);
                        String value = cell == null ? "" : formatter.formatCellValue(cell);
                        ruleTable |= value.startsWith("RuleTable");
                        values.add(value);
                    }
                    cells.put(row.getRowNum() + 1, values);
                }
                if (ruleTable) {
                    return new Translation(drl, sheet.getSheetName(), cells);
                }
                cells.clear();
            }
        } catch (IOException | RuntimeException e) {
            // Drools read it a moment ago; without its cells, problems are located by row alone.
        }
        return new Translation(drl, null, cells);
    }

    /**
     * A spreadsheet as lines of text, one per non-empty row ({@code Sheet!12: a | b | c}), so that
     * two releases' spreadsheets can be compared line by line; other files as they are.
     */
    static String readable(String name, String content) {
        if (!RuleFiles.isSpreadsheet(name)) {
            return content;
        }
        StringBuilder text = new StringBuilder();
        DataFormatter formatter = new DataFormatter(Locale.ROOT);
        try (Workbook workbook = WorkbookFactory.create(new ByteArrayInputStream(Base64.getDecoder().decode(content)))) {
            for (Sheet sheet : workbook) {
                for (Row row : sheet) {
                    StringBuilder cells = new StringBuilder();
                    for (int c = 0; c < row.getLastCellNum(); c++) {
                        Cell cell = row.getCell(c);
                        cells.append(c == 0 ? "" : " | ").append(cell == null ? "" : formatter.formatCellValue(cell));
                    }
                    if (!cells.toString().replace("|", "").isBlank()) {
                        text.append(sheet.getSheetName()).append('!').append(row.getRowNum() + 1).append(": ")
                                .append(cells.toString().stripTrailing()).append('\n');
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return "(a spreadsheet that cannot be read: " + e.getMessage() + ")";
        }
        return text.toString();
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() != null ? cause.getMessage() : e.getMessage();
        return message != null ? message : cause.getClass().getSimpleName();
    }
}
