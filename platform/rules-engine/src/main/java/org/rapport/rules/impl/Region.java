package org.rapport.rules.impl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The facts of one type a pattern's constraints let through, for the gate's static checks: a
 * union of boxes, each box the values each field may take (a field a box does not name may take
 * any value). {@code exact} is false where a constraint could not be analysed (a method call, a
 * date, a comparison of two fields): it was taken to let every fact through, so the region holds
 * at least the facts the pattern matches, and the checks claim only what stays true of that.
 */
final class Region {

    /** Past this many boxes the analysis gives up on a region (taken as every fact, not exact). */
    static final int MAX_BOXES = 512;

    static final Region ANY = new Region(List.of(Map.of()), true);
    static final Region NOTHING = new Region(List.of(), true);

    final List<Map<String, Domain>> boxes;
    final boolean exact;

    Region(List<Map<String, Domain>> boxes, boolean exact) {
        this.boxes = boxes;
        this.exact = exact;
    }

    static Region field(String name, Domain domain) {
        return new Region(List.of(Map.of(name, domain)), true);
    }

    /** A constraint that could not be analysed: every fact, not exact. */
    static Region unknown() {
        return new Region(List.of(Map.of()), false);
    }

    boolean empty() {
        return boxes.isEmpty();
    }

    Region and(Region other, Function<String, Domain.Field> fields) {
        List<Map<String, Domain>> result = new ArrayList<>();
        for (Map<String, Domain> a : boxes) {
            for (Map<String, Domain> b : other.boxes) {
                Map<String, Domain> box = intersect(a, b, fields);
                if (box != null) {
                    result.add(box);
                }
                if (result.size() > MAX_BOXES) {
                    return unknown();
                }
            }
        }
        return new Region(result, exact && other.exact);
    }

    Region or(Region other) {
        if (boxes.size() + other.boxes.size() > MAX_BOXES) {
            return unknown();
        }
        List<Map<String, Domain>> result = new ArrayList<>(boxes);
        result.addAll(other.boxes);
        return new Region(result, exact && other.exact);
    }

    /**
     * The facts of this region outside {@code other}, or null when it grows past what can be
     * analysed. Exact as far as both regions are; the caller decides what an inexact one allows.
     */
    Region minus(Region other, Function<String, Domain.Field> fields) {
        List<Map<String, Domain>> rest = boxes;
        for (Map<String, Domain> cut : other.boxes) {
            List<Map<String, Domain>> next = new ArrayList<>();
            for (Map<String, Domain> box : rest) {
                next.addAll(minus(box, cut, fields));
                if (next.size() > MAX_BOXES) {
                    return null;
                }
            }
            rest = next;
        }
        return new Region(rest, exact && other.exact);
    }

    /** Whether every fact of this region is in {@code other}. */
    boolean within(Region other, Function<String, Domain.Field> fields) {
        Region rest = minus(other, fields);
        return rest != null && rest.empty();
    }

    /** A box as an analyst would write it: {@code qualifyingPoints < 0, currentTier == null}. */
    static String describe(Map<String, Domain> box, Function<String, Domain.Field> fields) {
        if (box.isEmpty()) {
            return "any fact";
        }
        return new TreeMap<>(box).entrySet().stream()
                .filter(e -> !e.getValue().equals(Domain.all(fields.apply(e.getKey()))))
                .map(e -> e.getValue().describe(e.getKey())).collect(Collectors.joining(", "));
    }

    private static Map<String, Domain> intersect(Map<String, Domain> a, Map<String, Domain> b,
            Function<String, Domain.Field> fields) {
        Map<String, Domain> box = new HashMap<>(a);
        for (Map.Entry<String, Domain> e : b.entrySet()) {
            Domain mine = box.get(e.getKey());
            Domain both = mine == null ? e.getValue().and(Domain.all(fields.apply(e.getKey())), fields.apply(e.getKey()))
                    : mine.and(e.getValue(), fields.apply(e.getKey()));
            if (both.empty()) {
                return null;
            }
            box.put(e.getKey(), both);
        }
        for (Map.Entry<String, Domain> e : a.entrySet()) {
            if (!b.containsKey(e.getKey())) {
                Domain own = e.getValue().and(Domain.all(fields.apply(e.getKey())), fields.apply(e.getKey()));
                if (own.empty()) {
                    return null;
                }
            }
        }
        return box;
    }

    /** A box without the facts of another: one piece per field the other box constrains. */
    private static List<Map<String, Domain>> minus(Map<String, Domain> box, Map<String, Domain> cut,
            Function<String, Domain.Field> fields) {
        List<Map<String, Domain>> pieces = new ArrayList<>();
        Map<String, Domain> inside = new HashMap<>(box);
        for (Map.Entry<String, Domain> e : new TreeMap<>(cut).entrySet()) {
            Domain.Field field = fields.apply(e.getKey());
            Domain mine = inside.getOrDefault(e.getKey(), Domain.all(field));
            Domain outside = mine.minus(e.getValue(), field);
            if (!outside.empty()) {
                Map<String, Domain> piece = new HashMap<>(inside);
                piece.put(e.getKey(), outside);
                pieces.add(piece);
            }
            Domain within = mine.and(e.getValue(), field);
            if (within.empty()) {
                return pieces;
            }
            inside.put(e.getKey(), within);
        }
        return pieces;
    }
}
