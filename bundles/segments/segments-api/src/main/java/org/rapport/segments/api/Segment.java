package org.rapport.segments.api;

import java.time.Instant;

/**
 * A saved group of contacts: those matching {@code condition} (see {@link SegmentService} for the
 * language). {@code members} is the membership as last refreshed, at {@code refreshedAt}.
 */
public record Segment(String name, String description, String condition, long members, Instant refreshedAt,
        Instant changedAt, String changedBy) {
}
