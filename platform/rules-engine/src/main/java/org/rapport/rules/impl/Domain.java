package org.rapport.rules.impl;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The values one field of a fact may take where a condition holds, for the gate's static checks
 * ({@link RuleChecks}): numbers as a union of intervals, other values (text, booleans, enum
 * constants) as a finite set or everything but a finite set, and whether {@code null} is in.
 * Immutable; every operation answers a new domain.
 */
final class Domain {

    /**
     * What is known of a field's type: whether it holds numbers, other values (text, booleans, enum
     * constants; {@code values} when they are few and known), whole numbers, null.
     */
    record Field(boolean numeric, boolean text, boolean integral, boolean nullable, Set<String> values) {
        static final Field UNKNOWN = new Field(true, true, false, true, null);
    }

    /** An interval of numbers; a null bound is unbounded on that side. */
    record Interval(BigDecimal low, boolean lowIn, BigDecimal high, boolean highIn) {
        static final Interval ALL = new Interval(null, false, null, false);

        boolean empty() {
            if (low == null || high == null) {
                return false;
            }
            int c = low.compareTo(high);
            return c > 0 || c == 0 && !(lowIn && highIn);
        }

        @Override
        public String toString() {
            if (low != null && high != null && low.compareTo(high) == 0) {
                return "= " + plain(low);
            }
            if (low == null) {
                return high == null ? "any number" : (highIn ? "<= " : "< ") + plain(high);
            }
            if (high == null) {
                return (lowIn ? ">= " : "> ") + plain(low);
            }
            return (lowIn ? "[" : "(") + plain(low) + ", " + plain(high) + (highIn ? "]" : ")");
        }
    }

    static final Domain NONE = new Domain(false, List.of(), Set.of(), false);

    final boolean nulls;
    /** Sorted, disjoint. */
    final List<Interval> numbers;
    /** The values in, or (when {@link #except}) the values out. */
    final Set<String> values;
    final boolean except;

    private Domain(boolean nulls, List<Interval> numbers, Set<String> values, boolean except) {
        this.nulls = nulls;
        this.numbers = numbers;
        this.values = values;
        this.except = except;
    }

    /** Every value the field can hold. */
    static Domain all(Field field) {
        List<Interval> numbers = field.numeric() ? List.of(Interval.ALL) : List.of();
        if (field.values() != null) {
            return new Domain(field.nullable(), numbers, new TreeSet<>(field.values()), false);
        }
        return new Domain(field.nullable(), numbers, Set.of(), field.text());
    }

    static Domain ofNull() {
        return new Domain(true, List.of(), Set.of(), false);
    }

    static Domain notNull() {
        return new Domain(false, List.of(Interval.ALL), Set.of(), true);
    }

    static Domain number(Interval interval, boolean integral) {
        return new Domain(false, normalise(List.of(interval), integral), Set.of(), false);
    }

    static Domain value(String value) {
        return new Domain(false, List.of(), new TreeSet<>(Set.of(value)), false);
    }

    /** Anything but this value, null included ({@code x != "Gold"} holds for null in Drools). */
    static Domain allBut(String value, Field field) {
        return value(value).complement(field);
    }

    static Domain allBut(BigDecimal number, Field field) {
        return number(new Interval(number, true, number, true), field.integral()).complement(field);
    }

    boolean empty() {
        return !nulls && numbers.isEmpty() && values.isEmpty() && !except;
    }

    Domain and(Domain other, Field field) {
        List<Interval> both = new ArrayList<>();
        for (Interval a : numbers) {
            for (Interval b : other.numbers) {
                Interval i = intersect(a, b);
                if (!i.empty()) {
                    both.add(i);
                }
            }
        }
        Set<String> in;
        boolean out;
        if (except && other.except) {
            in = union(values, other.values);
            out = true;
        } else if (except) {
            in = minus(other.values, values);
            out = false;
        } else if (other.except) {
            in = minus(values, other.values);
            out = false;
        } else {
            in = new TreeSet<>(values);
            in.retainAll(other.values);
            out = false;
        }
        return new Domain(nulls && other.nulls, normalise(both, field.integral()), in, out);
    }

    Domain or(Domain other, Field field) {
        List<Interval> either = new ArrayList<>(numbers);
        either.addAll(other.numbers);
        Set<String> in;
        boolean out = except || other.except;
        if (except && other.except) {
            in = new TreeSet<>(values);
            in.retainAll(other.values);
        } else if (except) {
            in = minus(values, other.values);
        } else if (other.except) {
            in = minus(other.values, values);
        } else {
            in = union(values, other.values);
        }
        return new Domain(nulls || other.nulls, normalise(either, field.integral()), in, out);
    }

    /** The values of the field not in this domain. */
    Domain complement(Field field) {
        List<Interval> gaps = new ArrayList<>();
        BigDecimal from = null;
        boolean fromIn = false;
        boolean open = true;
        for (Interval i : numbers) {
            if (i.low() != null) {
                gaps.add(new Interval(from, fromIn, i.low(), !i.lowIn()));
            }
            if (i.high() == null) {
                open = false;
                break;
            }
            from = i.high();
            fromIn = !i.highIn();
        }
        if (open) {
            gaps.add(new Interval(from, fromIn, null, false));
        }
        Domain complement = new Domain(!nulls, normalise(gaps, field.integral()), new TreeSet<>(values), !except);
        return complement.and(all(field), field);
    }

    Domain minus(Domain other, Field field) {
        return and(other.complement(field), field);
    }

    /** As an analyst would write it: {@code qualifyingPoints in [1000, 5000)}, {@code currentTier == null}. */
    String describe(String name) {
        boolean anyNumber = numbers.equals(List.of(Interval.ALL));
        if (!nulls && (except && values.isEmpty() && (anyNumber || numbers.isEmpty()) || !except && values.isEmpty() && anyNumber)) {
            return name + " != null";
        }
        List<String> parts = new ArrayList<>();
        // As Drools reads it, "!=" and "not in" hold for null: said so only where null is left out.
        if (nulls && !(except && !values.isEmpty())) {
            parts.add(name + " == null");
        }
        for (Interval i : numbers) {
            String text = i.toString();
            parts.add(text.startsWith("[") || text.startsWith("(") ? name + " in " + text
                    : text.equals("any number") ? name + " any number" : name + " " + text);
        }
        if (except) {
            parts.add(values.isEmpty() ? name + " any value"
                    : name + (values.size() == 1 ? " != " : " not in ") + quoted(values) + (nulls ? "" : " (not null)"));
        } else if (values.size() == 1) {
            parts.add(name + " == " + quoted(values));
        } else if (!values.isEmpty()) {
            parts.add(name + " in " + quoted(values));
        }
        return parts.size() == 1 ? parts.get(0) : "(" + String.join(" or ", parts) + ")";
    }

    private static String quoted(Set<String> values) {
        String list = values.stream().map(v -> v.equals("true") || v.equals("false") ? v : "\"" + v + "\"")
                .collect(Collectors.joining(", "));
        return values.size() == 1 ? list : "(" + list + ")";
    }

    private static String plain(BigDecimal number) {
        return number.stripTrailingZeros().toPlainString();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> rest = new TreeSet<>(a);
        rest.removeAll(b);
        return rest;
    }

    private static Interval intersect(Interval a, Interval b) {
        BigDecimal low = a.low();
        boolean lowIn = a.lowIn();
        if (b.low() != null && (low == null || b.low().compareTo(low) > 0
                || b.low().compareTo(low) == 0 && !b.lowIn())) {
            low = b.low();
            lowIn = b.lowIn();
        }
        BigDecimal high = a.high();
        boolean highIn = a.highIn();
        if (b.high() != null && (high == null || b.high().compareTo(high) < 0
                || b.high().compareTo(high) == 0 && !b.highIn())) {
            high = b.high();
            highIn = b.highIn();
        }
        return new Interval(low, lowIn, high, highIn);
    }

    /** Sorted, merged, empty ones dropped; for whole numbers, bounds made inclusive whole numbers. */
    private static List<Interval> normalise(List<Interval> intervals, boolean integral) {
        List<Interval> sorted = new ArrayList<>();
        for (Interval i : intervals) {
            Interval n = integral ? whole(i) : i;
            if (!n.empty()) {
                sorted.add(n);
            }
        }
        sorted.sort(Comparator.comparing(Interval::low, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(i -> !i.lowIn()));
        List<Interval> merged = new ArrayList<>();
        for (Interval i : sorted) {
            Interval last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && touches(last, i, integral)) {
                boolean laterHigh = last.high() != null && (i.high() == null || i.high().compareTo(last.high()) > 0
                        || i.high().compareTo(last.high()) == 0 && i.highIn());
                merged.set(merged.size() - 1, laterHigh ? new Interval(last.low(), last.lowIn(), i.high(), i.highIn()) : last);
            } else {
                merged.add(i);
            }
        }
        return List.copyOf(merged);
    }

    private static boolean touches(Interval first, Interval next, boolean integral) {
        if (first.high() == null || next.low() == null) {
            return true;
        }
        int c = next.low().compareTo(first.high());
        if (integral) {
            return c <= 0 || next.low().compareTo(first.high().add(BigDecimal.ONE)) == 0;
        }
        return c < 0 || c == 0 && (first.highIn() || next.lowIn());
    }

    private static Interval whole(Interval i) {
        BigDecimal low = i.low() == null ? null
                : i.lowIn() ? i.low().setScale(0, RoundingMode.CEILING)
                : i.low().setScale(0, RoundingMode.FLOOR).add(BigDecimal.ONE);
        BigDecimal high = i.high() == null ? null
                : i.highIn() ? i.high().setScale(0, RoundingMode.FLOOR)
                : i.high().setScale(0, RoundingMode.CEILING).subtract(BigDecimal.ONE);
        return new Interval(low, low != null, high, high != null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Domain d && d.nulls == nulls && d.numbers.equals(numbers) && d.values.equals(values)
                && d.except == except;
    }

    @Override
    public int hashCode() {
        return numbers.hashCode() * 31 + values.hashCode() + (nulls ? 1 : 0) + (except ? 2 : 0);
    }
}
