package org.rapport.segments.impl;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.rapport.contacts.api.ContactConditions;
import org.rapport.contacts.api.ContactValidationException;

/** What a segment's name, description and condition must be. */
final class SegmentDefinition {

    private static final int MAX_CONDITION = 2000;
    private static final int MAX_DESCRIPTION = 500;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    private SegmentDefinition() {
    }

    /** @throws ContactValidationException naming each of {@code name}, {@code description}, {@code condition} at fault */
    static void check(String name, String description, String condition, ContactConditions conditions) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (name == null || !NAME.matcher(name).matches()) {
            errors.put("name", "'" + name + "' must be lower-case letters, digits and '-', starting with a letter, "
                    + "at most 64");
        }
        String text = condition == null ? "" : condition.strip();
        try {
            checkLength(text);
        } catch (IllegalArgumentException e) {
            errors.put("condition", e.getMessage());
        }
        if (!errors.containsKey("condition")) {
            try {
                checkCondition(text, conditions);
            } catch (IllegalArgumentException e) {
                errors.put("condition", e.getMessage());
            }
        }
        if (description != null && description.strip().length() > MAX_DESCRIPTION) {
            errors.put("description", "is longer than " + MAX_DESCRIPTION + " characters");
        }
        if (!errors.isEmpty()) {
            throw new ContactValidationException(errors);
        }
    }

    static void checkLength(String condition) {
        if (condition.length() > MAX_CONDITION) {
            throw new IllegalArgumentException("is longer than " + MAX_CONDITION + " characters");
        }
    }

    /**
     * Checks a condition as the contacts read it; a segment's members must not depend on another
     * segment's, which would make the order of refreshes matter.
     *
     * @throws IllegalArgumentException naming the word at fault and its position
     */
    static void checkCondition(String condition, ContactConditions conditions) {
        String[] words = condition.split("\\s+");
        for (int i = 0; i < words.length; i++) {
            String word = words[i].toLowerCase(Locale.ROOT);
            if ((word.startsWith("-") ? word.substring(1) : word).startsWith(SegmentWord.NAME + ":")) {
                throw new IllegalArgumentException("word " + (i + 1) + ", '" + words[i] + "': a segment's condition "
                        + "cannot name another segment");
            }
        }
        conditions.check(condition);
    }
}
