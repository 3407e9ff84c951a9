package org.rapport.rest.impl;

import java.util.List;
import java.util.regex.Pattern;

import org.rapport.rest.ApiError;
import org.rapport.rest.FieldError;

/**
 * Keeps error messages for people: a refusal that quotes what was sent ({@code 'xxx…' is not an
 * email address}) is cut in the middle when long, so a megabyte sent is not a megabyte answered
 * and the reason at the end still shows; the parser's own words lose the Java class names it uses.
 */
final class Messages {

    /** Longer than any message the API writes itself about one field. */
    static final int MAX_LENGTH = 300;
    /** Room for a whole request's worth of field errors in the summary line. */
    static final int MAX_SUMMARY = 2000;

    private static final Pattern QUALIFIED_CLASS = Pattern.compile("`?\\b(?:[a-z_$][\\w$]*\\.)+([A-Z][\\w$]*)(?:\\$[\\w$]+)*`?");
    /** A parenthesis (one level of nesting inside) that points into the parser: a source, a Java name, a setting. */
    private static final Pattern PARSER_HINT = Pattern.compile(
            "\\s*\\((?:[^()]|\\([^()]*\\))*?(?:`|Source:|from |reference chain)(?:[^()]|\\([^()]*\\))*\\)");

    private Messages() {
    }

    /** {@code text} as it is if short, otherwise its start and end around a note of how much was left out. */
    static String elide(String text) {
        return elide(text, MAX_LENGTH);
    }

    static String elide(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int head = max * 2 / 3;
        int tail = max - head;
        return text.substring(0, head) + "… (" + (text.length() - head - tail) + " characters left out) …"
                + text.substring(text.length() - tail);
    }

    /** A parser's message in plain words: its first line, Java names by their simple names, no hints at its internals. */
    static String plain(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        line = PARSER_HINT.matcher(line).replaceAll("");
        return elide(QUALIFIED_CLASS.matcher(line).replaceAll("$1"));
    }

    /** {@code error} with its message and every field's message and name elided. */
    static ApiError bounded(ApiError error) {
        List<FieldError> fields = error.fields().stream()
                .map(f -> new FieldError(elide(f.field()), elide(f.message()))).toList();
        return new ApiError(error.status(), error.code(), elide(error.message(), MAX_SUMMARY), fields);
    }
}
