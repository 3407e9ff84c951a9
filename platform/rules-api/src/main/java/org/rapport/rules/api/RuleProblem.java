package org.rapport.rules.api;

import java.util.Objects;

/** One reason a rule file was refused, located by file, line and column (0 when unknown). */
public record RuleProblem(String file, int line, int column, String message) {

    public RuleProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    /** Where the problem is: {@code file:line:column}, as far as it is known. */
    public String location() {
        StringBuilder location = new StringBuilder(file);
        if (line > 0) {
            location.append(':').append(line);
            if (column > 0) {
                location.append(':').append(column);
            }
        }
        return location.toString();
    }

    /** {@code file:line:column: message}, the form compilers and editors understand. */
    @Override
    public String toString() {
        return location() + ": " + message;
    }
}
