package org.rapport.rules.impl;

import java.util.Map;

import org.rapport.rules.api.RuleProblem;

/**
 * What a package declares about itself in {@code package.properties} beside its rules, one
 * {@code key = value} a line ({@code #} starts a comment). It travels with the release like any
 * other file, so a change to it shows in the history and the diff. Known keys only:
 * <ul>
 * <li>{@code coverage = required}: every rule must be fired by at least one scenario, or the
 * candidate is refused naming each rule no scenario fires; {@code reported} (the default) records
 * coverage and refuses nothing for it.</li>
 * </ul>
 */
record PackageSettings(boolean fullCoverage) {

    static final String FILE = "package.properties";
    static final PackageSettings DEFAULT = new PackageSettings(false);

    /** A settings file that does not say what the engine knows. */
    static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        final transient RuleProblem problem;

        Invalid(int line, String message) {
            super(FILE + ":" + line + ": " + message);
            this.problem = new RuleProblem(FILE, line, 0, message);
        }
    }

    /** The settings among a package's files; the default when it has none. */
    static PackageSettings of(Map<String, String> files) throws Invalid {
        String text = files.get(FILE);
        if (text == null) {
            return DEFAULT;
        }
        boolean fullCoverage = false;
        String[] lines = text.split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                throw new Invalid(i + 1, "expected 'key = value', got '" + clip(line) + "'");
            }
            String key = line.substring(0, equals).strip();
            String value = line.substring(equals + 1).strip();
            if (!key.equals("coverage")) {
                throw new Invalid(i + 1, "unknown setting '" + clip(key) + "'; a package may set: coverage");
            }
            if (!value.equals("required") && !value.equals("reported")) {
                throw new Invalid(i + 1, "coverage is 'required' or 'reported', not '" + clip(value) + "'");
            }
            fullCoverage = value.equals("required");
        }
        return new PackageSettings(fullCoverage);
    }

    private static String clip(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
