package org.rapport.rules.impl;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;

/**
 * What the gate's static checks ({@link RuleChecks}) know of each rule: the facts its patterns
 * let through ({@link Region}, from {@link Constraints}), the decisions its consequence makes
 * ({@code decisions.decide(kind, subject).with(key, value)}), its salience and groups. Read from
 * the rule text as Drools parses it ({@link DrlParser}'s descriptors): nothing is compiled,
 * loaded or run.
 */
final class RuleShapes {

    /** A pattern over a fact type and the facts it lets through. */
    record Shape(String type, String binding, Region region) {
    }

    /**
     * A decision a consequence makes. {@code subject} is the expression with the pattern's binding
     * replaced by its type ({@code MemberActivity.getContactId()}); {@code attributes} maps each
     * key to its value when it is a literal or a constant, and to null when it is computed.
     */
    record Made(String kind, String subject, Map<String, String> attributes) {
    }

    /**
     * One rule as the checks see it. {@code plain}: patterns only (no not, exists, eval, from,
     * accumulate or or); {@code complete}: plain, one pattern per type, all exact.
     */
    record Shaped(String name, int line, Integer salience, String activationGroup, String agendaGroup,
            List<Shape> shapes, List<Made> decisions, boolean plain, boolean complete) {

        /** The pattern over a type, if the rule has exactly one. */
        Shape over(String type) {
            Shape found = null;
            for (Shape shape : shapes) {
                if (shape.type().equals(type)) {
                    if (found != null) {
                        return null;
                    }
                    found = shape;
                }
            }
            return found;
        }
    }

    private static final Pattern DECIDE = Pattern.compile("\\bdecisions\\s*\\.\\s*decide\\s*\\(");
    private static final Pattern WITH = Pattern.compile("\\G\\s*\\.\\s*with\\s*\\(");

    private RuleShapes() {
    }

    /** A rule file as Drools parses it, or null when it does not parse (the compiler reports why). */
    static PackageDescr parse(String drl) {
        DrlParser parser = new DrlParser();
        try {
            PackageDescr descr = parser.parse(false, drl);
            return descr == null || parser.hasErrors() ? null : descr;
        } catch (DroolsParserException | RuntimeException e) {
            return null;
        }
    }

    /** The file's rules; {@code types} resolves through the file's imports. */
    static List<Shaped> read(PackageDescr descr, FactTypes types) {
        List<Shaped> rules = new ArrayList<>();
        for (RuleDescr rule : descr.getRules()) {
            if (rule.isQuery() || "false".equals(attribute(rule, "enabled"))) {
                continue;
            }
            rules.add(shape(rule, types));
        }
        return rules;
    }

    private static Shaped shape(RuleDescr rule, FactTypes types) {
        List<Shape> shapes = new ArrayList<>();
        boolean plain = true;
        boolean complete = true;
        for (BaseDescr element : rule.getLhs().getDescrs()) {
            if (!(element instanceof PatternDescr pattern) || pattern.getSource() != null) {
                // not, exists, eval, accumulate, from, or: the rule fires on fewer facts than its patterns say.
                plain = false;
                complete = false;
                continue;
            }
            Region region = Constraints.of(pattern, types);
            shapes.add(new Shape(pattern.getObjectType(), pattern.getIdentifier(), region));
            complete &= region.exact;
        }
        complete &= shapes.stream().map(Shape::type).distinct().count() == shapes.size();
        String salience = attribute(rule, "salience");
        Integer order = 0;
        if (salience != null) {
            try {
                order = Integer.valueOf(salience.strip());
            } catch (NumberFormatException e) {
                order = null; // computed at run time
            }
        }
        return new Shaped(rule.getName(), rule.getLine(), order, attribute(rule, "activation-group"),
                attribute(rule, "agenda-group"), shapes, decisions(String.valueOf(rule.getConsequence()), shapes, types),
                plain, complete);
    }

    private static String attribute(RuleDescr rule, String name) {
        AttributeDescr attribute = rule.getAttributes().get(name);
        return attribute == null ? null : attribute.getValue();
    }

    /** Every {@code decisions.decide(kind, subject).with(key, value)...} in a consequence. */
    static List<Made> decisions(String consequence, List<Shape> shapes, FactTypes types) {
        List<Made> made = new ArrayList<>();
        Matcher decide = DECIDE.matcher(consequence);
        while (decide.find()) {
            int[] end = new int[1];
            List<String> args = arguments(consequence, decide.end(), end);
            if (args == null || args.size() != 2) {
                continue;
            }
            Map<String, String> attributes = new LinkedHashMap<>();
            Matcher with = WITH.matcher(consequence);
            while (with.find(end[0]) && with.start() == end[0]) {
                List<String> pair = arguments(consequence, with.end(), end);
                if (pair == null || pair.size() != 2) {
                    break;
                }
                attributes.put(value(pair.get(0), types, pair.get(0)), value(pair.get(1), types, null));
            }
            made.add(new Made(value(args.get(0), types, args.get(0)), subject(args.get(1), shapes), attributes));
        }
        return made;
    }

    /** The arguments of a call whose text starts at {@code from}, split at top-level commas; end[0] after the ')'. */
    private static List<String> arguments(String text, int from, int[] end) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        int start = from;
        char quote = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' && depth == 0) {
                args.add(text.substring(start, i).strip());
                end[0] = i + 1;
                return args;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == ',' && depth == 0) {
                args.add(text.substring(start, i).strip());
                start = i + 1;
            }
        }
        return null;
    }

    /** A literal's or constant's value as text, else {@code otherwise}. */
    private static String value(String expression, FactTypes types, String otherwise) {
        Object literal = Constraints.literal(expression, types);
        if (literal == null || literal == Constraints.NULL) {
            return otherwise;
        }
        return literal instanceof BigDecimal number ? number.stripTrailingZeros().toPlainString() : literal.toString();
    }

    private static String subject(String expression, List<Shape> shapes) {
        String subject = expression.replaceAll("\\s+", "");
        for (Shape shape : shapes) {
            if (shape.binding() != null) {
                subject = subject.replaceAll(Pattern.quote(shape.binding()) + "\\b", Matcher.quoteReplacement(shape.type()));
            }
        }
        return subject;
    }
}
