package org.rapport.communication.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.rapport.contacts.api.Contact;

/**
 * The placeholders of template text: {@code {{name}}}, or {@code {{name|fallback}}} to write the
 * fallback when the value is empty. Names are the contact's fields, {@code var.x}, a value the
 * sender passes, or {@code offer.x} ({@link #OFFER_FIELDS}), the customer's best offer a campaign
 * passes as the variable {@code offer.x}.
 */
final class Placeholders {

    static final Set<String> CONTACT_FIELDS = Set.of("firstName", "lastName", "displayName", "email", "contactId");
    static final String VARIABLE = "var.";
    static final String OFFER = "offer.";
    /** What a template may show of the customer's best offer, as {@code {{offer.name}}}. */
    static final Set<String> OFFER_FIELDS = Set.of("code", "name", "description", "kind", "acceptUrl");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}|]*?)\\s*(?:\\|([^{}]*))?}}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]*|var\\.[A-Za-z][A-Za-z0-9_-]*|offer\\.[A-Za-z]+");

    private Placeholders() {
    }

    /**
     * Every problem with the placeholders of {@code text}, each naming {@code field} and the line:
     * an unknown name, or braces that do not close.
     */
    static List<String> problems(String field, String text) {
        List<String> problems = new ArrayList<>();
        if (text == null) {
            return problems;
        }
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher m = PLACEHOLDER.matcher(line);
            while (m.find()) {
                String name = m.group(1);
                if (!NAME.matcher(name).matches() || !name.startsWith(VARIABLE) && !CONTACT_FIELDS.contains(name)
                        && !offerField(name)) {
                    problems.add(field + " line " + (i + 1) + ": unknown placeholder {{" + name + "}}; use one of "
                            + String.join(", ", sorted()) + " or var.<name> for a value the sender passes (offer.<"
                            + String.join("|", new TreeSet<>(OFFER_FIELDS)) + ">: a campaign's best offer)");
                }
            }
            // Blank out the placeholders (keeping columns) and look for braces left open.
            String rest = PLACEHOLDER.matcher(line).replaceAll(r -> " ".repeat(r.group().length()));
            int open = rest.indexOf("{{");
            if (open >= 0) {
                problems.add(field + " line " + (i + 1) + ": '{{' at column " + (open + 1) + " is not closed by '}}'");
            }
        }
        return problems;
    }

    private static boolean offerField(String name) {
        return name.startsWith(OFFER) && OFFER_FIELDS.contains(name.substring(OFFER.length()));
    }

    private static List<String> sorted() {
        List<String> names = new ArrayList<>(CONTACT_FIELDS);
        names.sort(null);
        return names;
    }

    /**
     * What {@code text}, which a placeholder may start (an address in an HTML attribute), reads
     * when that placeholder's value is missing: its fallback and what follows it; empty when the
     * placeholder has no fallback (the sender's value decides); null when no placeholder starts it.
     */
    static String leadingFallback(String text) {
        Matcher m = PLACEHOLDER.matcher(text);
        if (!m.lookingAt()) {
            return null;
        }
        return m.group(2) == null ? "" : m.group(2).strip() + text.substring(m.end());
    }

    /** What follows the placeholder that starts {@code text}; all of it when none starts it. */
    static String afterLeading(String text) {
        Matcher m = PLACEHOLDER.matcher(text);
        return m.lookingAt() ? text.substring(m.end()) : text;
    }

    /** Whether {@code text} holds a placeholder. */
    static boolean any(String text) {
        return text != null && PLACEHOLDER.matcher(text).find();
    }

    /**
     * The variables {@code text} needs (placeholders without a fallback): {@code x} for {@code var.x},
     * {@code offer.x} for {@code offer.x}.
     */
    static List<String> requiredVariables(String text) {
        List<String> names = new ArrayList<>();
        if (text != null) {
            Matcher m = PLACEHOLDER.matcher(text);
            while (m.find()) {
                String name = m.group(1).startsWith(VARIABLE) ? m.group(1).substring(VARIABLE.length())
                        : offerField(m.group(1)) ? m.group(1) : null;
                if (name != null && m.group(2) == null && !names.contains(name)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** {@code text} with every placeholder replaced; a missing value is written as its fallback, or empty. */
    static String render(String text, Contact contact, Map<String, String> variables) {
        return render(text, contact, variables, UnaryOperator.identity());
    }

    /**
     * {@code text} with every placeholder replaced by its value passed through {@code escape}; a
     * missing value is written as its fallback (the template's own text, not escaped), or empty.
     */
    static String render(String text, Contact contact, Map<String, String> variables, UnaryOperator<String> escape) {
        if (text == null) {
            return null;
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = value(m.group(1), contact, variables);
            if (value == null || value.isEmpty()) {
                value = m.group(2) == null ? "" : m.group(2);
            } else {
                value = escape.apply(value);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String value(String name, Contact contact, Map<String, String> variables) {
        if (name.startsWith(VARIABLE)) {
            return variables.get(name.substring(VARIABLE.length()));
        }
        if (offerField(name)) {
            return variables.get(name);
        }
        return switch (name) {
            case "firstName" -> contact.firstName();
            case "lastName" -> contact.lastName();
            case "displayName" -> contact.displayName();
            case "email" -> contact.email();
            case "contactId" -> Long.toString(contact.id());
            default -> null;
        };
    }
}
