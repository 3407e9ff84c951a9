package org.rapport.rules.impl;

import java.math.BigDecimal;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.drools.drl.ast.descr.AtomicExprDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.ConnectiveType;
import org.drools.drl.ast.descr.ConstraintConnectiveDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RelationalExprDescr;
import org.drools.drl.parser.DrlExprParser;
import org.drools.drl.parser.DrlParser;

/**
 * A pattern's constraints as the facts they let through ({@link Region}): comparisons of a field
 * of the fact with a literal or a constant ({@code ==}, {@code !=}, {@code <}, {@code <=},
 * {@code >}, {@code >=}, {@code in}, {@code not in}, a boolean field alone), combined with
 * {@code &&}, {@code ||} and commas. Anything else (a method call, a date, arithmetic, a
 * comparison of two fields, {@code matches}, {@code contains}) is not analysed: it is taken to let
 * every fact through and the region is marked inexact. Null follows Drools: a comparison with a
 * null field fails, except {@code != value}, which holds.
 */
final class Constraints {

    /** The literal {@code null}. */
    static final Object NULL = new Object();

    private static final Pattern FIELD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern NUMBER = Pattern.compile("-?\\d[\\d_]*(\\.\\d+)?([eE][+-]?\\d+)?[lLdDfF]?");
    private static final Pattern STRING = Pattern.compile("\"([^\"\\\\]|\\\\.)*\"|'([^'\\\\]|\\\\.)*'");
    private static final Pattern CONSTANT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+");
    private static final Map<String, String> FLIPPED = Map.of("<", ">", "<=", ">=", ">", "<", ">=", "<=", "==", "==",
            "!=", "!=");

    private final Map<String, Domain.Field> fields;
    private final FactTypes types;

    Constraints(Map<String, Domain.Field> fields, FactTypes types) {
        this.fields = fields;
        this.types = types;
    }

    /** The facts a pattern's constraints let through. */
    static Region of(PatternDescr pattern, FactTypes types) {
        Constraints constraints = new Constraints(types.fields(pattern.getObjectType()), types);
        Region region = Region.ANY;
        for (BaseDescr constraint : pattern.getConstraint().getDescrs()) {
            region = region.and(constraint instanceof ExprConstraintDescr expr ? constraints.region(expr.getExpression())
                    : Region.unknown(), constraints.fields());
        }
        return region;
    }

    Function<String, Domain.Field> fields() {
        return name -> fields.getOrDefault(name, Domain.Field.UNKNOWN);
    }

    /** The facts a constraint expression lets through. */
    Region region(String expression) {
        DrlExprParser parser = new DrlExprParser(DrlParser.DEFAULT_LANGUAGE_LEVEL);
        ConstraintConnectiveDescr parsed;
        try {
            parsed = parser.parse(expression);
        } catch (RuntimeException e) {
            return Region.unknown();
        }
        return parsed == null || parser.hasErrors() ? Region.unknown() : region(parsed);
    }

    private Region region(BaseDescr descr) {
        if (descr instanceof ConstraintConnectiveDescr connective) {
            boolean or = connective.getConnective() == ConnectiveType.OR;
            if (!or && connective.getConnective() != ConnectiveType.AND) {
                return Region.unknown();
            }
            Region region = or ? Region.NOTHING : Region.ANY;
            for (BaseDescr part : connective.getDescrs()) {
                region = or ? region.or(region(part)) : region.and(region(part), fields());
            }
            return region;
        }
        if (descr instanceof AtomicExprDescr atom) {
            String text = atom.getExpression().strip();
            boolean negated = text.startsWith("!");
            String name = negated ? text.substring(1).strip() : text;
            return FIELD.matcher(name).matches() ? Region.field(name, Domain.value(negated ? "false" : "true"))
                    : Region.unknown();
        }
        if (descr instanceof RelationalExprDescr relation && !relation.isNegated()
                && relation.getLeft() instanceof AtomicExprDescr left && relation.getRight() instanceof AtomicExprDescr right) {
            String l = left.getExpression().strip();
            String r = right.getExpression().strip();
            String operator = relation.getOperator();
            if (FIELD.matcher(l).matches() && !fieldOf(r)) {
                return comparison(l, operator, r);
            }
            if (FIELD.matcher(r).matches() && !fieldOf(l) && FLIPPED.containsKey(operator)) {
                return comparison(r, FLIPPED.get(operator), l);
            }
        }
        return Region.unknown();
    }

    private boolean fieldOf(String text) {
        return fields.containsKey(text) || FIELD.matcher(text).matches() && !text.equals("null")
                && !text.equals("true") && !text.equals("false");
    }

    private Region comparison(String field, String operator, String literalText) {
        Domain.Field type = fields().apply(field);
        Object literal = literal(literalText, types);
        if (literal == null || !FLIPPED.containsKey(operator)) {
            return Region.unknown();
        }
        if (literal == NULL) {
            return operator.equals("==") ? Region.field(field, Domain.ofNull())
                    : operator.equals("!=") ? Region.field(field, Domain.notNull()) : Region.unknown();
        }
        if (literal instanceof BigDecimal number) {
            if (!type.numeric()) {
                return Region.unknown();
            }
            Domain.Interval interval = switch (operator) {
                case "==" -> new Domain.Interval(number, true, number, true);
                case "<" -> new Domain.Interval(null, false, number, false);
                case "<=" -> new Domain.Interval(null, false, number, true);
                case ">" -> new Domain.Interval(number, false, null, false);
                case ">=" -> new Domain.Interval(number, true, null, false);
                default -> null;
            };
            return Region.field(field, interval == null ? Domain.allBut(number, type)
                    : Domain.number(interval, type.integral()));
        }
        String value = literal.toString();
        if (!type.text() || type.values() != null && !type.values().contains(value)) {
            return Region.unknown();
        }
        return switch (operator) {
            case "==" -> Region.field(field, Domain.value(value));
            case "!=" -> Region.field(field, Domain.allBut(value, type));
            default -> Region.unknown(); // strings are compared by their order: not analysed
        };
    }

    /**
     * A literal's value: {@link #NULL}, a {@link BigDecimal}, a boolean or enum constant's name or a
     * string as text; a constant of a fact type ({@code LoyaltyDecisions.SET_TIER}) as its value;
     * null when the text is none of these.
     */
    static Object literal(String text, FactTypes types) {
        String t = text.strip();
        if (t.equals("null")) {
            return NULL;
        }
        if (t.equals("true") || t.equals("false")) {
            return t;
        }
        if (STRING.matcher(t).matches()) {
            return t.substring(1, t.length() - 1).replace("\\\"", "\"").replace("\\'", "'").replace("\\\\", "\\");
        }
        if (NUMBER.matcher(t).matches()) {
            String digits = t.replace("_", "").replaceAll("[lLdDfF]$", "");
            try {
                return new BigDecimal(digits).stripTrailingZeros();
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (CONSTANT.matcher(t).matches()) {
            Object constant = types.constant(t);
            if (constant instanceof Number number) {
                return new BigDecimal(number.toString()).stripTrailingZeros();
            }
            return constant;
        }
        return null;
    }
}
