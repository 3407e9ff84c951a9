package org.rapport.rules.impl;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;

/**
 * The kinds of file a rule package holds, and how each travels as text. A release keeps every
 * file as text: DRL, CSV decision tables and YAML scenarios as they are, spreadsheet decision
 * tables ({@code .xls}, {@code .xlsx}) Base64-encoded (and {@code package.properties}, the
 * package's settings, as text), so the same release can be stored, sent
 * over the REST API and written back to a folder unchanged.
 */
public final class RuleFiles {

    private RuleFiles() {
    }

    /** A file of rules: DRL or a decision table. */
    public static boolean isRules(String name) {
        return isDrl(name) || isDecisionTable(name);
    }

    /** Any file a rule package holds: rules, decision tables, scenarios, its settings. */
    public static boolean isPackageFile(String name) {
        return !name.startsWith(".") && (isRules(name) || ScenarioParser.isScenarioFile(name)
                || PackageSettings.FILE.equals(name));
    }

    static boolean isDrl(String name) {
        return name.endsWith(".drl");
    }

    static boolean isDecisionTable(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".csv") || isSpreadsheet(lower);
    }

    /** A spreadsheet, carried Base64-encoded in a release. */
    static boolean isSpreadsheet(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".xlsx") || lower.endsWith(".xls");
    }

    /** A file's content as a release carries it. */
    public static String read(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (isSpreadsheet(name)) {
            return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (MalformedInputException e) {
            throw new IOException(name + " is not UTF-8 text", e);
        }
    }

    /** Writes a file of a release back as it was read. */
    public static void write(Path file, String content) throws IOException {
        if (isSpreadsheet(file.getFileName().toString())) {
            Files.write(file, Base64.getDecoder().decode(content));
        } else {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        }
    }
}
