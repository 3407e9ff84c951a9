package org.rapport.sales.impl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A lead's form answers in one column, one {@code name=value} per line: names are letters,
 * digits, '-' and '_' and values hold no line break ({@link LeadInput} checks both), so no
 * escaping is needed. The rules get them as {@code name=value;...} ({@link #forRules}).
 */
final class Answers {

    private Answers() {
    }

    static String encode(Map<String, String> answers) {
        if (answers.isEmpty()) {
            return null;
        }
        return answers.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n"));
    }

    static Map<String, String> decode(String text) {
        if (text == null || text.isEmpty()) {
            return Map.of();
        }
        Map<String, String> answers = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            answers.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return Collections.unmodifiableMap(answers);
    }

    /** The answers as a {@link org.rapport.sales.facts.LeadProfile} takes them; ';' in a value becomes ','. */
    static String forRules(String text) {
        return decode(text).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().replace(';', ','))
                .collect(Collectors.joining(";"));
    }
}
