package org.rapport.persistence;

import java.util.ArrayList;
import java.util.List;

/**
 * Values for an {@code IN} list, their number rounded up to one of a few lengths by repeating the
 * last value. Each number of values is another SQL text, so another statement for the database to
 * compile and for the connection's statement pool to miss; with a handful of lengths every page of
 * ids runs on a statement prepared before. A value repeated in an {@code IN} list matches the rows
 * it matched once, so the rows a query reads are unchanged (a query that counted its list would not
 * be: none that pads does).
 */
public final class InLists {

    /** The lengths a list is padded to, shortest first. */
    private static final int[] LENGTHS = {16, 64, 256, 1024};

    /** The longest of them: a list longer than this is padded to a multiple of it. */
    public static final int LONGEST = LENGTHS[LENGTHS.length - 1];

    private InLists() {
    }

    /**
     * The length a list of {@code size} values is padded to: 16, 64, 256 or 1,024, or beyond that
     * the next multiple of 1,024.
     *
     * @throws IllegalArgumentException when {@code size} is not positive (an empty {@code IN} list
     *         is not SQL)
     */
    public static int length(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("an IN list of " + size + " values; it needs at least one");
        }
        for (int length : LENGTHS) {
            if (size <= length) {
                return length;
            }
        }
        return (size + LONGEST - 1) / LONGEST * LONGEST;
    }

    /**
     * {@code values} padded to {@link #length(int)} with the last value again; {@code values}
     * itself when it has that length already.
     *
     * @throws IllegalArgumentException when {@code values} is empty
     */
    public static <T> List<T> padded(List<T> values) {
        int length = length(values.size());
        if (length == values.size()) {
            return values;
        }
        List<T> padded = new ArrayList<>(length);
        padded.addAll(values);
        T last = values.get(values.size() - 1);
        while (padded.size() < length) {
            padded.add(last);
        }
        return padded;
    }
}
