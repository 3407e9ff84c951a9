package org.rapport.rest;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One page of a list: the items, where the page starts, how many were asked for, and how many
 * there are in all, so a client can page on ({@code offset + items.size() < total}).
 */
public record Page<T>(List<T> items, int offset, int limit, long total) {

    public Page {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
    }

    /** The page of {@code items} that {@code request} asked for, out of {@code total}. */
    public static <T> Page<T> of(List<T> items, PageRequest request, long total) {
        return new Page<>(items, request.offset(), request.limit(), total);
    }

    /** A list that is answered whole, as one page: from 0, with its size as both limit and total. */
    public static <T> Page<T> all(List<T> items) {
        return new Page<>(items, 0, items.size(), items.size());
    }

    /**
     * The page of {@code all} that {@code request} asks for, for a list that is small enough to be
     * read whole (a few hundred entries at most) and paged in memory.
     */
    public static <T> Page<T> slice(List<T> all, PageRequest request) {
        int from = Math.min(request.offset(), all.size());
        int to = (int) Math.min((long) from + request.limit(), all.size());
        return new Page<>(all.subList(from, to), request.offset(), request.limit(), all.size());
    }

    public <R> Page<R> map(Function<? super T, ? extends R> mapper) {
        return new Page<>(items.stream().<R>map(mapper).toList(), offset, limit, total);
    }
}
