package org.rapport.rules.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.Before;
import org.junit.Test;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RuleProblem;
import org.rapport.rules.api.RuleRejectedException;

/** Decision tables in CSV and XLSX go through the same gate as DRL, with problems named by row. */
public class DecisionTablesTest {

    /** Rows 1 to 11 of a spend-band table: the header part, then one rule per row from row 10. */
    static final List<List<String>> LABELS = List.of(
            List.of("RuleSet", "shop"),
            List.of("Import", Customer.class.getName()),
            List.of("Variables", "org.rapport.rules.api.Decisions decisions"),
            List.of(),
            List.of("RuleTable Labels"),
            List.of("NAME", "CONDITION", "CONDITION", "ACTION"),
            // CSV has no merged cells: the pattern is repeated in each column it spans, each ending in "...".
            List.of("", "$c : Customer...", "$c : Customer...", ""),
            List.of("", "spend >= $param", "spend < $param",
                    "decisions.decide(\"shop.label\", $c.getId()).with(\"label\", \"$param\");"),
            List.of("Rule", "From", "Below", "Label"),
            List.of("SHOP-T1 Silver", "100", "500", "Silver"),
            List.of("SHOP-T2 Gold", "500", "100000", "Gold"));

    private DroolsRulesEngine engine;

    @Before
    public void setUp() {
        engine = new DroolsRulesEngine();
        engine.addFactModel(() -> Set.of(Customer.class), Map.of(FactModel.RULE_PACKAGE, "shop"));
    }

    static String csv(List<List<String>> rows) {
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                out.append(i == 0 ? "" : ",").append('"').append(row.get(i).replace("\"", "\"\"")).append('"');
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** The same table as an XLSX workbook, its pattern cell merged over both conditions as a spreadsheet does it. */
    static String xlsx(List<List<String>> rows) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet("Labels");
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    row.createCell(c).setCellValue(rows.get(r).get(c).replace("...", ""));
                }
            }
            sheet.addMergedRegion(new CellRangeAddress(6, 6, 1, 2));
            workbook.write(out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        }
    }

    /** The CSV table saved as XLSX by a spreadsheet program: every cell as in the CSV, nothing merged. */
    static String xlsxFromCsv(List<List<String>> rows) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet("labels");
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    row.createCell(c).setCellValue(rows.get(r).get(c));
                }
            }
            workbook.write(out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        }
    }

    @Test
    public void aCsvTableSavedAsASpreadsheetDecidesTheSame() throws IOException {
        engine.deploy("shop", Map.of("labels.xlsx", xlsxFromCsv(LABELS)), "test", "tester");

        assertEquals("Silver by SHOP-T1 Silver", label(499));
        assertEquals("Gold by SHOP-T2 Gold", label(500));
    }

    private String label(int spend) {
        List<Decision> decisions = engine.evaluate("shop", List.of(new Customer("c", spend))).decisions();
        return decisions.isEmpty() ? "none" : decisions.get(0).attribute("label") + " by " + decisions.get(0).rule();
    }

    private List<RuleProblem> refused(Map<String, String> files) {
        try {
            engine.deploy("shop", files, "test", "tester");
        } catch (RuleRejectedException expected) {
            return expected.rejection().problems();
        }
        throw new AssertionError("the table was accepted");
    }

    @Test
    public void aCsvTableDecidesLikeTheRulesItStandsFor() {
        Release release = engine.deploy("shop", Map.of("labels.csv", csv(LABELS)), "test", "tester");

        assertEquals(2, release.ruleCount());
        assertEquals("none", label(99));
        assertEquals("Silver by SHOP-T1 Silver", label(100));
        assertEquals("Gold by SHOP-T2 Gold", label(700));
    }

    @Test
    public void anXlsxTableTravelsEncodedAndDecidesTheSame() throws IOException {
        engine.deploy("shop", Map.of("labels.xlsx", xlsx(LABELS)), "test", "tester");

        assertEquals("Silver by SHOP-T1 Silver", label(499));
        assertEquals("Gold by SHOP-T2 Gold", label(500));
    }

    @Test
    public void spreadsheetReleasesAreComparedRowByRow() throws IOException {
        engine.deploy("shop", Map.of("labels.xlsx", xlsx(LABELS)), "test", "tester");
        List<List<String>> cheaper = new java.util.ArrayList<>(LABELS);
        cheaper.set(10, List.of("SHOP-T2 Gold", "400", "100000", "Gold"));
        cheaper.set(9, List.of("SHOP-T1 Silver", "100", "400", "Silver"));
        engine.deploy("shop", Map.of("labels.xlsx", xlsx(cheaper)), "test", "tester");

        // Empty rows are left out: each line names its sheet and row.
        assertEquals(List.of("--- labels.xlsx", "+++ labels.xlsx",
                "-   9  Labels!10: SHOP-T1 Silver | 100 | 500 | Silver",
                "-  10  Labels!11: SHOP-T2 Gold | 500 | 100000 | Gold",
                "+   9  Labels!10: SHOP-T1 Silver | 100 | 400 | Silver",
                "+  10  Labels!11: SHOP-T2 Gold | 400 | 100000 | Gold"), engine.diff("shop", 1, 2));
    }

    @Test
    public void aBadCellIsReportedAtItsRowAndCellAndTheActiveReleaseKeepsServing() {
        engine.deploy("shop", Map.of("labels.csv", csv(LABELS)), "test", "tester");
        List<List<String>> broken = new java.util.ArrayList<>(LABELS);
        broken.set(10, List.of("SHOP-T2 Gold", "lots", "100000", "Gold"));

        List<RuleProblem> problems = refused(Map.of("labels.csv", csv(broken)));

        assertEquals(problems.toString(), "labels.csv:11", problems.get(0).location());
        assertTrue(problems.toString(), problems.get(0).message().startsWith("B11: "));
        assertEquals("Silver by SHOP-T1 Silver", label(100));
    }

    @Test
    public void aTableIsHeldToTheRulePolicy() {
        List<List<String>> sneaky = new java.util.ArrayList<>(LABELS);
        // Values pasted into quoted text are escaped by the table compiler; elsewhere they are code.
        sneaky.set(9, List.of("SHOP-T1 Silver", "System.currentTimeMillis()", "500", "Silver"));

        List<RuleProblem> problems = refused(Map.of("labels.csv", csv(sneaky)));

        assertEquals(problems.toString(), "labels.csv:10", problems.get(0).location());
        assertTrue(problems.toString(), problems.get(0).message().startsWith("B10: not allowed in rules: "
                + "java.lang.System.currentTimeMillis()"));
    }

    @Test
    public void aSpreadsheetProblemNamesTheSheetAndCell() throws IOException {
        List<List<String>> sneaky = new java.util.ArrayList<>(LABELS);
        sneaky.set(10, List.of("SHOP-T2 Gold", "500", "System.currentTimeMillis()", "Gold"));

        List<RuleProblem> problems = refused(Map.of("labels.xlsx", xlsx(sneaky)));

        assertEquals(problems.toString(), "labels.xlsx:11", problems.get(0).location());
        assertTrue(problems.toString(), problems.get(0).message().startsWith("Labels!C11: not allowed in rules: "));
    }

    @Test
    public void aFileThatIsNoDecisionTableSaysWhatIsMissing() {
        List<RuleProblem> problems = refused(Map.of("notes.csv", "name,amount\nAda,12\n"));

        assertEquals("notes.csv", problems.get(0).location());
        assertTrue(problems.toString(), problems.get(0).message().contains("RuleTable"));
        RuleRejectedException expected = assertThrows("an undecodable spreadsheet is refused",
                RuleRejectedException.class,
                () -> engine.deploy("shop", Map.of("labels.xlsx", "not base64!"), "test", "tester"));
        assertTrue(expected.getMessage(), expected.getMessage().contains("Base64"));
    }
}
