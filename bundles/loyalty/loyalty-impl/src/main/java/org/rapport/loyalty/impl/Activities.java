package org.rapport.loyalty.impl;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManager;

import org.rapport.loyalty.facts.MemberActivity;

/**
 * Builds the {@link MemberActivity} facts the tier rules see, for one member or a page of
 * members at once (a few grouped queries per page, not per member). Qualifying points are the
 * member's qualifying ledger lines in the window by activity time, so a reversed purchase stops
 * counting; spend is the purchases whose entries are not reversed.
 */
final class Activities {

    private Activities() {
    }

    static MemberActivity of(EntityManager em, MemberEntity member, Instant now) {
        List<MemberActivity> one = of(em, List.of(member), now);
        return one.get(0);
    }

    /**
     * The activity of {@code members}, in their order: one member, or a page of members in
     * contact id order (every member between the first and the last), whose rows are read by
     * id range.
     */
    static List<MemberActivity> of(EntityManager em, List<MemberEntity> members, Instant now) {
        if (members.isEmpty()) {
            return List.of();
        }
        long first = members.stream().mapToLong(MemberEntity::contactId).min().orElseThrow();
        long last = members.stream().mapToLong(MemberEntity::contactId).max().orElseThrow();
        Running running = new Running(members, now);
        running.read(Indexed.qualifyingLines(em, first, last, running.earliest),
                Indexed.spend(em, first, last, running.yearAgo));
        return members.stream().map(running::of).toList();
    }

    /**
     * The activity of one member, read before a purchase of theirs is booked and then {@linkplain
     * Running#add carried} to what {@link #of(EntityManager, MemberEntity, Instant)} would read
     * after it: the same queries, before the booking's rows are written rather than after.
     */
    static Running running(EntityManager em, MemberEntity member, Instant now) {
        Running running = new Running(List.of(member), now);
        running.read(Indexed.qualifyingLines(em, member.contactId(), member.contactId(), running.earliest),
                Indexed.spend(em, member.contactId(), member.contactId(), running.yearAgo));
        return running;
    }

    /**
     * The activity of a batch's members (any ids, in any order) read at once, before any of their
     * purchases in the batch is booked, and carried from one of their purchases to the next
     * ({@link #add}): what {@link #of(EntityManager, MemberEntity, Instant)} would read after each,
     * without reading it again.
     */
    static Running running(EntityManager em, List<MemberEntity> members, Instant now) {
        Running running = new Running(members, now);
        List<Long> ids = members.stream().map(MemberEntity::contactId).distinct().toList();
        running.read(Indexed.qualifyingLines(em, ids, running.earliest), Indexed.spend(em, ids, running.yearAgo));
        return running;
    }

    /** Members' qualifying points (rolling and since their anniversary), spend and purchases in the window. */
    static final class Running {
        private final Instant yearAgo;
        private final LocalDateTime utcNow;
        private final Instant earliest;
        private final Map<Long, Instant> anniversaries = new HashMap<>();
        private final Map<Long, long[]> points = new HashMap<>();
        private final Map<Long, BigDecimal> spend = new HashMap<>();
        private final Map<Long, Integer> purchases = new HashMap<>();

        private Running(List<MemberEntity> members, Instant now) {
            yearAgo = yearBefore(now);
            utcNow = LocalDateTime.ofInstant(now, ZoneOffset.UTC);
            Instant first = yearAgo;
            for (MemberEntity m : members) {
                Instant anniversary = lastAnniversary(m.joinedAt(), utcNow);
                anniversaries.put(m.contactId(), anniversary);
                first = anniversary.isBefore(first) ? anniversary : first;
            }
            earliest = first;
        }

        /** Takes in the rows of {@link Indexed#qualifyingLines} and {@link Indexed#spend} about the members. */
        private void read(List<Object[]> qualifying, List<Object[]> spent) {
            for (Object[] line : qualifying) {
                long id = ((Number) line[0]).longValue();
                if (anniversaries.containsKey(id)) {
                    count(id, Indexed.instant(line[1]), ((Number) line[2]).longValue());
                }
            }
            for (Object[] s : spent) {
                long id = ((Number) s[0]).longValue();
                if (anniversaries.containsKey(id)) {
                    spend.put(id, new BigDecimal(s[1].toString()));
                    purchases.put(id, ((Number) s[2]).intValue());
                }
            }
        }

        private void count(long contactId, Instant at, long qualifying) {
            long[] p = points.computeIfAbsent(contactId, k -> new long[2]);
            p[0] += at.isAfter(yearAgo) ? qualifying : 0;
            p[1] += at.isBefore(anniversaries.get(contactId)) ? 0 : qualifying;
        }

        /** A purchase booked for the member at {@code at}, of {@code amount}, crediting {@code qualifying} points. */
        void add(long contactId, Instant at, BigDecimal amount, long qualifying) {
            if (qualifying > 0) {
                count(contactId, at, qualifying);
            }
            if (at.isAfter(yearAgo)) {
                spend.merge(contactId, amount, BigDecimal::add);
                purchases.merge(contactId, 1, Integer::sum);
            }
        }

        /** The member's activity now: their tier as it stands in {@code m}. */
        MemberActivity of(MemberEntity m) {
            long[] p = points.getOrDefault(m.contactId(), new long[2]);
            return new MemberActivity(m.contactId(), p[0], p[1], spend.getOrDefault(m.contactId(), BigDecimal.ZERO)
                    .setScale(2), purchases.getOrDefault(m.contactId(), 0), m.tier(), months(m.tierSince(), utcNow),
                    months(m.atRiskSince(), utcNow));
        }
    }

    static Instant yearBefore(Instant now) {
        return now.atOffset(ZoneOffset.UTC).minusYears(1).toInstant();
    }

    /**
     * The latest anniversary of {@code joined} at or before {@code utcNow}; {@code joined} itself
     * in the first year. UTC keeps no daylight saving time, so date-time arithmetic without a zone
     * is exact.
     */
    private static Instant lastAnniversary(Instant joined, LocalDateTime utcNow) {
        if (joined == null) {
            return utcNow.minusYears(1).toInstant(ZoneOffset.UTC);
        }
        LocalDateTime start = LocalDateTime.ofInstant(joined, ZoneOffset.UTC);
        long years = ChronoUnit.YEARS.between(start, utcNow);
        return start.plusYears(Math.max(0, years)).toInstant(ZoneOffset.UTC);
    }

    /** Whole months from {@code since} to {@code utcNow}; 0 when {@code since} is null. */
    private static int months(Instant since, LocalDateTime utcNow) {
        if (since == null) {
            return 0;
        }
        LocalDateTime from = LocalDateTime.ofInstant(since, ZoneOffset.UTC);
        return utcNow.isAfter(from) ? (int) ChronoUnit.MONTHS.between(from, utcNow) : 0;
    }

    static LocalDate day(Instant at) {
        return at.atOffset(ZoneOffset.UTC).toLocalDate();
    }
}
