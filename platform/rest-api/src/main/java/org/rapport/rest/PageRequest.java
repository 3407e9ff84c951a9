package org.rapport.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The paging and sorting of a list request, read from the query parameters every list resource
 * takes: {@code offset} (from 0), {@code limit} (1 to {@value #MAX_LIMIT}, {@value #DEFAULT_LIMIT}
 * if absent) and {@code sort} (a field name, {@code -field} for descending). Parameters arrive as
 * strings so that a bad one is answered with a 400 naming it, not with JAX-RS' 404.
 */
public record PageRequest(int offset, int limit, String sort, boolean descending) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;

    /**
     * Reads and checks the parameters.
     *
     * @param sortable the fields a list may be sorted by
     * @param defaultSort the sort when none is given, such as {@code id} or {@code -createdAt}
     * @throws ApiException 400 naming every parameter at fault
     */
    public static PageRequest parse(String offset, String limit, String sort, Set<String> sortable, String defaultSort) {
        List<FieldError> errors = new ArrayList<>();
        int from = number("offset", offset, 0, 0, Integer.MAX_VALUE, errors);
        int size = number("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT, errors);
        String order = sort == null || sort.isBlank() ? defaultSort : sort.strip();
        boolean descending = order.startsWith("-");
        String field = descending ? order.substring(1) : order;
        if (!sortable.contains(field)) {
            errors.add(new FieldError("sort", "cannot sort by '" + field + "'; one of " + new TreeSet<>(sortable)
                    + ", with a leading '-' for descending"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        return new PageRequest(from, size, field, descending);
    }

    private static int number(String name, String value, int absent, int min, int max, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError(name, "must be a whole number from " + min + (max == Integer.MAX_VALUE ? "" : " to " + max)
                + ", not '" + value + "'"));
        return absent;
    }
}
