package org.rapport.campaigns.impl;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.rapport.campaigns.api.CampaignStatus;
import org.rapport.campaigns.api.Schedule;
import org.rapport.persistence.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recurring campaigns: a {@link Schedule} checked and kept in {@code CAMPAIGN.RECURRENCE}
 * ({@code daily 09:30 Europe/Paris}, {@code weekly MONDAY 09:30 Europe/Paris}), when the next
 * occurrence starts, and the start of an occurrence that is due: the segment's members as they are
 * then frozen into recipients numbered by the occurrence ({@link Audiences}; at most once each: the table's unique key),
 * the campaign sending. An occurrence missed while the campaign was paused is not made up.
 */
final class Occurrences {

    private static final Logger LOG = LoggerFactory.getLogger(Occurrences.class);

    private final EntityManagerFactory emf;
    private final Audiences audiences;

    Occurrences(EntityManagerFactory emf, Audiences audiences) {
        this.emf = emf;
        this.audiences = audiences;
    }

    /** The schedule as the column keeps it, or null (then {@code errors} names each field at fault). */
    static String check(Schedule s, Map<String, String> errors) {
        String every = s.every() == null ? "" : s.every().strip().toLowerCase(Locale.ROOT);
        if (!every.equals(Schedule.DAILY) && !every.equals(Schedule.WEEKLY)) {
            errors.put("schedule.every", "daily or weekly, not " + quoted(s.every()));
        }
        DayOfWeek day = null;
        if (every.equals(Schedule.WEEKLY)) {
            try {
                day = DayOfWeek.valueOf(s.day() == null ? "" : s.day().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.put("schedule.day", "a day of the week (monday … sunday) for a weekly campaign, not "
                        + quoted(s.day()));
            }
        } else if (s.day() != null && !s.day().isBlank()) {
            errors.put("schedule.day", "a day is for a weekly campaign only");
        }
        LocalTime at = null;
        try {
            at = LocalTime.parse(s.at() == null ? "" : s.at().strip());
        } catch (DateTimeParseException e) {
            errors.put("schedule.at", "a time of day as HH:mm (24 hours), not " + quoted(s.at()));
        }
        String zone = s.timeZone() == null ? "" : s.timeZone().strip();
        if (!ZoneId.getAvailableZoneIds().contains(zone)) {
            errors.put("schedule.timeZone", "an IANA time zone such as Europe/Paris, not " + quoted(s.timeZone()));
        }
        if (errors.keySet().stream().anyMatch(k -> k.startsWith("schedule."))) {
            return null;
        }
        return every + (day == null ? "" : " " + day) + " " + at.truncatedTo(ChronoUnit.MINUTES) + " " + zone;
    }

    private static String quoted(String text) {
        return text == null ? "nothing" : "'" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'";
    }

    static Schedule parse(String recurrence) {
        if (recurrence == null) {
            return null;
        }
        String[] p = recurrence.split(" ");
        boolean weekly = p.length == 4;
        return new Schedule(p[0], weekly ? p[1].toLowerCase(Locale.ROOT) : null, p[weekly ? 2 : 1], p[weekly ? 3 : 2]);
    }

    /** The first occurrence at or after {@code from}. */
    static Instant next(String recurrence, Instant from) {
        Schedule s = parse(recurrence);
        ZoneId zone = ZoneId.of(s.timeZone());
        ZonedDateTime local = from.atZone(zone);
        ZonedDateTime candidate = local.with(LocalTime.parse(s.at()));
        if (s.day() != null) {
            candidate = candidate.with(TemporalAdjusters.nextOrSame(DayOfWeek.valueOf(s.day().toUpperCase(Locale.ROOT))));
        }
        while (candidate.toInstant().isBefore(from)) {
            candidate = s.day() != null ? candidate.plusWeeks(1) : candidate.plusDays(1);
            candidate = candidate.with(LocalTime.parse(s.at()));
        }
        return candidate.toInstant();
    }

    /** How many recurring campaigns have an occurrence due now. */
    long due(EntityManager em, Instant now) {
        return em.createQuery("select count(c) from CampaignEntity c where c.recurrence is not null and c.status in "
                + ":live and c.nextOccurrenceAt <= :now", Long.class)
                .setParameter("live", List.of(CampaignStatus.SCHEDULED, CampaignStatus.SENDING))
                .setParameter("now", now).getSingleResult();
    }

    /** Starts every occurrence due now: its recipients frozen, the campaign sending, the next one set. */
    void startDue(Instant now) {
        List<Long> due = Transactions.read(emf, em -> em.createQuery("select c.id from CampaignEntity c where "
                + "c.recurrence is not null and c.status in :live and c.nextOccurrenceAt <= :now", Long.class)
                .setParameter("live", List.of(CampaignStatus.SCHEDULED, CampaignStatus.SENDING))
                .setParameter("now", now).getResultList());
        for (long id : due) {
            Transactions.retrying(emf, 3, em -> {
                CampaignEntity c = em.find(CampaignEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
                if (c.recurrence == null || c.nextOccurrenceAt == null || c.nextOccurrenceAt.isAfter(now)
                        || c.status != CampaignStatus.SCHEDULED && c.status != CampaignStatus.SENDING) {
                    return null; // another node started it, or a marketer paused it meanwhile
                }
                int occurrence = c.occurrences + 1;
                long count = audiences.freeze(em, c, occurrence);
                c.occurrences = occurrence;
                c.recipients += count;
                if (c.status == CampaignStatus.SCHEDULED && count > 0) {
                    c.status = CampaignStatus.SENDING;
                    c.nextPageAt = now;
                }
                c.nextOccurrenceAt = next(c.recurrence, now.plusSeconds(1));
                LOG.info("Campaign {} ({}): occurrence {} to {} recipient(s); the next at {}", c.name, c.id, occurrence,
                        count, c.nextOccurrenceAt);
                return null;
            });
        }
    }

    /**
     * A recurring campaign paused or cancelled has no next occurrence; resumed, it goes on with the
     * recipients of its last occurrence not reached yet, and its next occurrence is the first from now
     * (those missed meanwhile are not made up).
     */
    static void resumeOrStop(EntityManager em, CampaignEntity c, Instant now) {
        if (c.status != CampaignStatus.SENDING && c.status != CampaignStatus.SCHEDULED) {
            c.nextOccurrenceAt = null;
            return;
        }
        Instant from = c.startAt != null && c.startAt.isAfter(now) ? c.startAt : now;
        c.nextOccurrenceAt = Occurrences.next(c.recurrence, from);
        long pending = em.createQuery("select count(r) from RecipientEntity r where r.campaignId = :campaign and "
                + "r.status = :pending", Long.class).setParameter("campaign", c.id)
                .setParameter("pending", RecipientEntity.State.PENDING).getSingleResult();
        c.status = pending > 0 && !from.isAfter(now) ? CampaignStatus.SENDING : CampaignStatus.SCHEDULED;
    }
}
