package org.rapport.persistence;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The types Derby and PostgreSQL spell differently, as a migration script both run names them:
 * {@code ${text}} and {@code ${boolean}}, spelled as each database's tables have always had them
 * (EclipseLink's DDL), so that a script rendered for a database is the text it ran before.
 */
final class DialectTypes {

    private static final Pattern NAME = Pattern.compile("\\$\\{([^}]*)}");
    private static final Map<String, Map<String, String>> TYPES = Map.of(
            "derby", Map.of("text", "CLOB(2147483647)", "boolean", "SMALLINT DEFAULT 0"),
            "postgresql", Map.of("text", "TEXT", "boolean", "BOOLEAN"));

    private DialectTypes() {
    }

    /**
     * The script as {@code dialect} runs it.
     *
     * @throws IllegalStateException naming the file and line of a name that is not a type here
     */
    static String render(String script, String dialect, String path) {
        Map<String, String> types = TYPES.get(dialect);
        if (types == null) {
            throw new IllegalStateException("no types for dialect " + dialect);
        }
        StringBuilder rendered = new StringBuilder();
        Matcher name = NAME.matcher(script);
        while (name.find()) {
            String type = types.get(name.group(1));
            if (type == null) {
                int line = (int) script.substring(0, name.start()).chars().filter(c -> c == '\n').count() + 1;
                throw new IllegalStateException(path + ":" + line + ": ${" + name.group(1) + "} is not a type; "
                        + "a script both databases run may name " + TYPES.get(dialect).keySet().stream().sorted()
                        .map(t -> "${" + t + "}").toList());
            }
            name.appendReplacement(rendered, Matcher.quoteReplacement(type));
        }
        name.appendTail(rendered);
        return rendered.toString();
    }
}
