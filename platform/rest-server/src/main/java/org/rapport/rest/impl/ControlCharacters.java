package org.rapport.rest.impl;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.rapport.rest.FieldError;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Finds the text of a request that carries control characters. Text may hold tabs and line
 * breaks (a template, a note); no other control character (NUL, escape, backspace, the C1 range)
 * belongs in anything a CRM stores, and each one can truncate a value in C code, hide text in a
 * terminal or a log, or break a file it is exported to. Every field at fault is named, keys too.
 */
final class ControlCharacters {

    /** Enough to show the pattern of an attack without answering with a list as long as the body. */
    static final int MAX_REPORTED = 20;

    private ControlCharacters() {
    }

    /** Adds a field error for every string (or key) in {@code tree} with a control character other than tab, CR or LF. */
    static void find(JsonNode tree, String path, List<FieldError> errors) {
        if (errors.size() >= MAX_REPORTED) {
            return;
        }
        if (tree.isTextual()) {
            check(tree.textValue(), path, errors);
        } else if (tree.isArray()) {
            for (int i = 0; i < tree.size(); i++) {
                find(tree.get(i), path + "[" + i + "]", errors);
            }
        } else if (tree.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = tree.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                String name = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (firstControl(field.getKey()) >= 0) {
                    errors.add(new FieldError(Messages.elide(name), "a field name may not contain control characters"));
                } else {
                    find(field.getValue(), name, errors);
                }
            }
        }
    }

    private static void check(String text, String path, List<FieldError> errors) {
        int at = firstControl(text);
        if (at >= 0) {
            errors.add(new FieldError(path.isEmpty() ? "(body)" : path, String.format(
                    "may not contain control characters; U+%04X at character %d", (int) text.charAt(at), at + 1)));
        }
    }

    /** Where the first control character other than tab, CR and LF is, or -1. */
    static int firstControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return i;
            }
        }
        return -1;
    }
}
