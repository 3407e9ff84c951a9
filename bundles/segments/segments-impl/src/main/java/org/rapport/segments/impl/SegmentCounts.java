package org.rapport.segments.impl;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;

import org.rapport.segments.api.SegmentCount;

/** A segment's size day by day, from the counts kept only for the days its membership changed. */
final class SegmentCounts {

    private SegmentCounts() {
    }

    /** The days from {@code from} to {@code to} (at most {@code today}), left out before the first count. */
    static List<SegmentCount> between(EntityManager em, String name, LocalDate from, LocalDate to, LocalDate today,
            int maxDays) {
        List<SegmentCountEntity> rows = em.createQuery("select n from SegmentCountEntity n where n.segment = :s "
                + "and n.day <= :to order by n.day desc", SegmentCountEntity.class).setParameter("s", name)
                .setParameter("to", to).setMaxResults(maxDays + 1).getResultList();
        List<SegmentCount> counts = new ArrayList<>();
        if (rows.isEmpty()) {
            return counts;
        }
        Map<LocalDate, SegmentCountEntity> byDay = new HashMap<>();
        rows.forEach(row -> byDay.put(row.day(), row));
        LocalDate first = rows.get(rows.size() - 1).day();
        LocalDate last = to.isAfter(today) ? today : to;
        // A day without a count kept the size of the day before, with nobody joining or leaving.
        long members = members(rows, from);
        for (LocalDate day = first.isAfter(from) ? first : from; !day.isAfter(last); day = day.plusDays(1)) {
            SegmentCountEntity row = byDay.get(day);
            if (row != null) {
                members = row.members();
                counts.add(row.toDto());
            } else {
                counts.add(new SegmentCount(day, members, 0, 0));
            }
        }
        return counts;
    }

    /** The members at the end of the last day before {@code from} that has a count, or 0. */
    private static long members(List<SegmentCountEntity> newestFirst, LocalDate from) {
        for (SegmentCountEntity row : newestFirst) {
            if (row.day().isBefore(from)) {
                return row.members();
            }
        }
        return 0;
    }
}
