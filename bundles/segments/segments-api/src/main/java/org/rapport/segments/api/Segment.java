package org.rapport.segments.api;

import java.time.Instant;

/**
 * A saved group of contacts: those matching {@code condition} (see {@link SegmentService} for the
 * language), less, for a {@link SegmentKind#MARKETING marketing} segment, those the consent gate
 * does not let segments profile. {@code members} is the membership as last refreshed, at
 * {@code refreshedAt}.
 */
public record Segment(String name, String description, String condition, long members, Instant refreshedAt,
        Instant changedAt, String changedBy, SegmentKind kind) {

    /** A marketing segment, as every segment was before segments had a kind. */
    public Segment(String name, String description, String condition, long members, Instant refreshedAt,
            Instant changedAt, String changedBy) {
        this(name, description, condition, members, refreshedAt, changedAt, changedBy, SegmentKind.MARKETING);
    }
}
