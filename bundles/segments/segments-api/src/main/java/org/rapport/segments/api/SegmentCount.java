package org.rapport.segments.api;

import java.time.LocalDate;

/** A segment's size at the end of a day (UTC), with how many contacts joined and left it that day. */
public record SegmentCount(LocalDate day, long members, long joined, long left) {
}
