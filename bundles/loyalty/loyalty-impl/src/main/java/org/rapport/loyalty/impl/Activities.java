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
        Instant yearAgo = yearBefore(now);
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        Instant earliest = yearAgo;
        LocalDateTime utcNow = LocalDateTime.ofInstant(now, ZoneOffset.UTC);
        Instant[] anniversaries = new Instant[members.size()];
        for (int i = 0; i < anniversaries.length; i++) {
            MemberEntity m = members.get(i);
            first = Math.min(first, m.contactId());
            last = Math.max(last, m.contactId());
            anniversaries[i] = lastAnniversary(m.joinedAt(), utcNow);
            earliest = anniversaries[i].isBefore(earliest) ? anniversaries[i] : earliest;
        }
        Map<Long, List<Object[]>> qualifying = new HashMap<>();
        Indexed.qualifyingLines(em, first, last, earliest)
                .forEach(row -> qualifying.computeIfAbsent(((Number) row[0]).longValue(), k -> new ArrayList<>()).add(row));
        Map<Long, Object[]> spend = new HashMap<>();
        Indexed.spend(em, first, last, yearAgo).forEach(row -> spend.put(((Number) row[0]).longValue(), row));
        List<MemberActivity> activities = new ArrayList<>(members.size());
        for (int i = 0; i < anniversaries.length; i++) {
            MemberEntity m = members.get(i);
            Instant anniversary = anniversaries[i];
            long rolling = 0;
            long sinceAnniversary = 0;
            for (Object[] line : qualifying.getOrDefault(m.contactId(), List.of())) {
                Instant at = Indexed.instant(line[1]);
                long points = ((Number) line[2]).longValue();
                rolling += at.isAfter(yearAgo) ? points : 0;
                sinceAnniversary += at.isBefore(anniversary) ? 0 : points;
            }
            Object[] s = spend.get(m.contactId());
            BigDecimal amount = s == null ? BigDecimal.ZERO : new BigDecimal(s[1].toString());
            int purchases = s == null ? 0 : ((Number) s[2]).intValue();
            activities.add(new MemberActivity(m.contactId(), rolling, sinceAnniversary, amount.setScale(2), purchases,
                    m.tier(), months(m.tierSince(), utcNow), months(m.atRiskSince(), utcNow)));
        }
        return activities;
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
