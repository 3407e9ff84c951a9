package org.rapport.rules.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A line diff of two releases' files, file by file, in the unified style: {@code -} lines only
 * in the old release, {@code +} lines only in the new one, with line numbers. A longest common
 * subsequence over lines: rule files are small. Spreadsheets are compared row by row.
 */
final class LineDiff {

    private LineDiff() {
    }

    static List<String> diff(Map<String, String> before, Map<String, String> after) {
        List<String> out = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        for (String name : names) {
            String a = before.containsKey(name) ? DecisionTables.readable(name, before.get(name)) : null;
            String b = after.containsKey(name) ? DecisionTables.readable(name, after.get(name)) : null;
            if (a != null && a.equals(b)) {
                continue;
            }
            out.add("--- " + (a == null ? "/dev/null" : name));
            out.add("+++ " + (b == null ? "/dev/null" : name));
            out.addAll(lines(a == null ? new String[0] : a.split("\\R", -1), b == null ? new String[0] : b.split("\\R", -1)));
        }
        return out;
    }

    private static List<String> lines(String[] a, String[] b) {
        int[][] common = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                common[i][j] = a[i].equals(b[j]) ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                i++;
                j++;
            } else if (i < a.length && (j == b.length || common[i + 1][j] >= common[i][j + 1])) {
                out.add(String.format("-%4d  %s", i + 1, a[i]));
                i++;
            } else {
                out.add(String.format("+%4d  %s", j + 1, b[j]));
                j++;
            }
        }
        return out;
    }
}
