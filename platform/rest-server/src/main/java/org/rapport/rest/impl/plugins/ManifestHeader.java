package org.rapport.rest.impl.plugins;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses an OSGi manifest header ({@code Provide-Capability}, {@code Import-Package}) the way the
 * framework does, for a bundle that is not installed: clauses separated by commas, each with its
 * paths, {@code name:=directive}s and {@code name[:type]=attribute}s separated by semicolons,
 * values quoted or not. Attributes typed {@code List<…>} become lists of strings (their elements
 * separated by unescaped commas); every other attribute stays a string.
 */
final class ManifestHeader {

    /** One clause: its paths (package names, a namespace), attributes and directives. */
    record Clause(List<String> paths, Map<String, Object> attributes, Map<String, String> directives) {
    }

    private final String text;
    private int at;

    private ManifestHeader(String text) {
        this.text = text;
    }

    /** The clauses of {@code header}; none for null or blank. */
    static List<Clause> parse(String header) {
        List<Clause> clauses = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return clauses;
        }
        ManifestHeader parser = new ManifestHeader(header);
        do {
            clauses.add(parser.clause());
        } while (parser.accept(','));
        parser.skipSpace();
        if (parser.at < header.length()) {
            throw parser.error("unexpected '" + header.charAt(parser.at) + "'");
        }
        return clauses;
    }

    private Clause clause() {
        List<String> paths = new ArrayList<>();
        Map<String, Object> attributes = new LinkedHashMap<>();
        Map<String, String> directives = new LinkedHashMap<>();
        do {
            String name = token();
            skipSpace();
            if (accept(':')) {
                if (accept('=')) {
                    directives.put(name, plain(value()));
                } else {
                    String type = token();
                    expect('=');
                    attributes.put(name, typed(type, value()));
                }
            } else if (accept('=')) {
                attributes.put(name, plain(value()));
            } else if (attributes.isEmpty() && directives.isEmpty()) {
                paths.add(name);
            } else {
                throw error("'" + name + "' after the parameters: a name goes before them");
            }
        } while (accept(';'));
        if (paths.isEmpty()) {
            throw error("a clause without a name");
        }
        return new Clause(paths, attributes, directives);
    }

    private static Object typed(String type, String value) {
        if (!type.replace(" ", "").startsWith("List")) {
            return plain(value);
        }
        List<String> items = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                item.append(value.charAt(++i));
            } else if (c == ',') {
                items.add(item.toString().trim());
                item.setLength(0);
            } else {
                item.append(c);
            }
        }
        items.add(item.toString().trim());
        return items;
    }

    private static String plain(String value) {
        return value.replace("\\,", ",");
    }

    /** A name, path or type: everything up to a separator (types keep their {@code <…>}). */
    private String token() {
        skipSpace();
        int start = at;
        while (at < text.length() && ";,:=\"".indexOf(text.charAt(at)) < 0) {
            at++;
        }
        String token = text.substring(start, at).trim();
        if (token.isEmpty()) {
            throw error("a name is missing");
        }
        return token;
    }

    private String value() {
        skipSpace();
        if (!accept('"')) {
            int start = at;
            while (at < text.length() && ";,".indexOf(text.charAt(at)) < 0) {
                at++;
            }
            return text.substring(start, at).trim();
        }
        StringBuilder value = new StringBuilder();
        while (at < text.length() && text.charAt(at) != '"') {
            char c = text.charAt(at++);
            if (c == '\\' && at < text.length()) {
                char next = text.charAt(at++);
                // A list keeps its escaped commas for typed() to tell apart from separators.
                value.append(next == ',' ? "\\," : String.valueOf(next));
            } else {
                value.append(c);
            }
        }
        expect('"');
        return value.toString();
    }

    private boolean accept(char c) {
        skipSpace();
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!accept(c)) {
            throw error("'" + c + "' expected");
        }
    }

    private void skipSpace() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException(problem + " at character " + (at + 1));
    }
}
