package org.rapport.rules.impl;

import static org.junit.Assert.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.Test;

public class LineDiffTest {

    @Test
    public void showsChangedLinesWithTheirNumbers() {
        String before = "rule A\nwhen\n  x >= 1000\nthen\nend\n";
        String after = "rule A\nwhen\n  x >= 800\nthen\nend\n";

        assertEquals(List.of("--- tiers.drl", "+++ tiers.drl", "-   3    x >= 1000", "+   3    x >= 800"),
                LineDiff.diff(Map.of("tiers.drl", before), Map.of("tiers.drl", after)));
    }

    @Test
    public void showsAddedAndRemovedFilesAndSkipsEqualOnes() {
        assertEquals(List.of("--- /dev/null", "+++ new.drl", "+   1  rule B"),
                LineDiff.diff(Map.of("same.drl", "x"), Map.of("same.drl", "x", "new.drl", "rule B")));
        assertEquals(List.of("--- old.drl", "+++ /dev/null", "-   1  rule C"),
                LineDiff.diff(Map.of("old.drl", "rule C"), Map.of()));
    }
}
