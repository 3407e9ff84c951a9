package org.rapport.loyalty.impl;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.persistence.EntityManager;
import javax.persistence.Query;

import org.rapport.loyalty.api.PointsEntry;
import org.rapport.persistence.InLists;

/**
 * The queries a booking runs while it holds locks, written so that they read only the member's
 * own rows through an index. Derby locks rows as it reads them: a query that scanned a whole
 * table would wait for every other member's uncommitted booking, and two bookings doing that
 * would deadlock. The {@code DERBY-PROPERTIES} comments pin the index (on small tables Derby
 * would otherwise prefer a scan); other databases read them as the comments they are.
 */
final class Indexed {

    private Indexed() {
    }

    /**
     * (contact, activity time, points) of the qualifying lines since {@code since} of the
     * contacts from {@code first} to {@code last}. A range rather than a list of ids: one
     * statement, prepared once, serves every page of members.
     */
    @SuppressWarnings("unchecked")
    static List<Object[]> qualifyingLines(EntityManager em, long first, long last, Instant since) {
        return em.createNativeQuery("SELECT l.CONTACT_ID, l.ACTIVITY_AT, l.POINTS FROM LOYALTY_LINE l"
                + " -- DERBY-PROPERTIES index=IX_LINE_MEMBER\n"
                + "WHERE l.CONTACT_ID BETWEEN ? AND ? AND l.ACCOUNT = ? AND l.ACTIVITY_AT >= ? AND l.QUALIFYING = ?")
                .setParameter(1, first).setParameter(2, last).setParameter(3, PointsEntry.Line.MEMBER)
                .setParameter(4, timestamp(since)).setParameter(5, Boolean.TRUE).getResultList();
    }

    /**
     * (contact, sum of amounts, count) of the purchases after {@code since}, not reversed, of the
     * contacts from {@code first} to {@code last}.
     */
    @SuppressWarnings("unchecked")
    static List<Object[]> spend(EntityManager em, long first, long last, Instant since) {
        return em.createNativeQuery("SELECT p.CONTACT_ID, SUM(p.AMOUNT), COUNT(*) FROM LOYALTY_PURCHASE p"
                + " -- DERBY-PROPERTIES index=IX_PURCHASE_CONTACT_TIME\n"
                + "WHERE p.CONTACT_ID BETWEEN ? AND ? AND p.OCCURRED_AT > ? AND NOT EXISTS ("
                + "SELECT 1 FROM LOYALTY_ENTRY r -- DERBY-PROPERTIES index=IX_ENTRY_REVERSES\n"
                + "WHERE r.REVERSES = p.ENTRY_ID) GROUP BY p.CONTACT_ID")
                .setParameter(1, first).setParameter(2, last).setParameter(3, timestamp(since)).getResultList();
    }

    /** The points the member's lines from rule {@code rule} credited with activity from {@code from} to before {@code to}. */
    static long pointsByRule(EntityManager em, long contactId, String rule, Instant from, Instant to) {
        Object sum = em.createNativeQuery("SELECT SUM(l.POINTS) FROM LOYALTY_LINE l"
                + " -- DERBY-PROPERTIES index=IX_LINE_MEMBER\n"
                + "WHERE l.CONTACT_ID = ? AND l.ACCOUNT = ? AND l.ACTIVITY_AT >= ? AND l.ACTIVITY_AT < ? AND l.RULE_NAME = ?")
                .setParameter(1, contactId).setParameter(2, PointsEntry.Line.MEMBER).setParameter(3, timestamp(from))
                .setParameter(4, timestamp(to)).setParameter(5, rule).getSingleResult();
        return sum == null ? 0 : ((Number) sum).longValue();
    }

    /** The most values a query's list takes: longer lists are asked about in chunks of this many. */
    private static final int CHUNK = InLists.LONGEST;

    /**
     * Which of {@code sources} an entry was booked under: one query per 1,024 sources on the
     * entries' unique index, the list padded (with its last source again) to 16, 64, 256 or 1,024.
     */
    static Set<String> bookedSources(EntityManager em, List<String> sources) {
        Set<String> booked = new HashSet<>();
        for (Object source : in(em, "SELECT e.SOURCE FROM LOYALTY_ENTRY e -- DERBY-PROPERTIES constraint=UX_ENTRY_SOURCE\n"
                + "WHERE e.SOURCE IN (%s)", sources)) {
            booked.add((String) source);
        }
        return booked;
    }

    /** (contact, activity time, points) of the qualifying lines since {@code since} of these contacts. */
    static List<Object[]> qualifyingLines(EntityManager em, List<Long> contactIds, Instant since) {
        return rows(in(em, "SELECT l.CONTACT_ID, l.ACTIVITY_AT, l.POINTS FROM LOYALTY_LINE l"
                + " -- DERBY-PROPERTIES index=IX_LINE_MEMBER\n"
                + "WHERE l.CONTACT_ID IN (%s) AND l.ACCOUNT = ? AND l.ACTIVITY_AT >= ? AND l.QUALIFYING = ?", contactIds,
                PointsEntry.Line.MEMBER, timestamp(since), Boolean.TRUE));
    }

    /** (contact, sum of amounts, count) of the purchases after {@code since}, not reversed, of these contacts. */
    static List<Object[]> spend(EntityManager em, List<Long> contactIds, Instant since) {
        return rows(in(em, "SELECT p.CONTACT_ID, SUM(p.AMOUNT), COUNT(*) FROM LOYALTY_PURCHASE p"
                + " -- DERBY-PROPERTIES index=IX_PURCHASE_CONTACT_TIME\n"
                + "WHERE p.CONTACT_ID IN (%s) AND p.OCCURRED_AT > ? AND NOT EXISTS ("
                + "SELECT 1 FROM LOYALTY_ENTRY r -- DERBY-PROPERTIES index=IX_ENTRY_REVERSES\n"
                + "WHERE r.REVERSES = p.ENTRY_ID) GROUP BY p.CONTACT_ID", contactIds, timestamp(since)));
    }

    private static List<Object[]> rows(List<?> results) {
        return results.stream().map(r -> (Object[]) r).toList();
    }

    /**
     * The rows of {@code sql} whose {@code %s} is a list of {@code values} (a query per 1,024, each
     * list padded with its last value again to 16, 64, 256 or 1,024), the {@code after} parameters
     * following it.
     */
    private static List<?> in(EntityManager em, String sql, List<?> values, Object... after) {
        List<Object> rows = new ArrayList<>();
        for (int from = 0; from < values.size(); from += CHUNK) {
            List<?> chunk = values.subList(from, Math.min(values.size(), from + CHUNK));
            List<?> padded = InLists.padded(chunk);
            int length = padded.size();
            Query q = em.createNativeQuery(String.format(sql, "?" + ", ?".repeat(length - 1)));
            for (int i = 0; i < length; i++) {
                q.setParameter(i + 1, padded.get(i));
            }
            for (int i = 0; i < after.length; i++) {
                q.setParameter(length + i + 1, after[i]);
            }
            rows.addAll(q.getResultList());
        }
        return rows;
    }

    static Optional<EntryEntity> entryBySource(EntityManager em, String source) {
        @SuppressWarnings("unchecked")
        List<EntryEntity> found = em.createNativeQuery("SELECT * FROM LOYALTY_ENTRY e"
                + " -- DERBY-PROPERTIES constraint=UX_ENTRY_SOURCE\n"
                + "WHERE e.SOURCE = ?", EntryEntity.class).setParameter(1, source).getResultList();
        return found.stream().findFirst();
    }

    @SuppressWarnings("unchecked")
    static List<LineEntity> lines(EntityManager em, long entryId) {
        return em.createNativeQuery("SELECT * FROM LOYALTY_LINE l -- DERBY-PROPERTIES index=IX_LINE_ENTRY\n"
                + "WHERE l.ENTRY_ID = ? ORDER BY l.ID", LineEntity.class).setParameter(1, entryId).getResultList();
    }

    /** The member's lots with points left, the one expiring first first. */
    @SuppressWarnings("unchecked")
    static List<LotEntity> openLots(EntityManager em, long contactId) {
        return em.createNativeQuery("SELECT * FROM LOYALTY_LOT l -- DERBY-PROPERTIES index=IX_LOT_MEMBER\n"
                + "WHERE l.CONTACT_ID = ? AND l.REMAINING > 0 ORDER BY l.EXPIRES_ON, l.LINE_ID", LotEntity.class)
                .setParameter(1, contactId).getResultList();
    }

    /**
     * (expiry day, points left) of the member's lots with points left, a row a day, the soonest
     * first: summed by the database rather than read as entities the transaction would then hold.
     */
    @SuppressWarnings("unchecked")
    static List<Object[]> expiring(EntityManager em, long contactId) {
        return em.createNativeQuery("SELECT l.EXPIRES_ON, SUM(l.REMAINING) FROM LOYALTY_LOT l"
                + " -- DERBY-PROPERTIES index=IX_LOT_MEMBER\n"
                + "WHERE l.CONTACT_ID = ? AND l.REMAINING > 0 GROUP BY l.EXPIRES_ON ORDER BY l.EXPIRES_ON")
                .setParameter(1, contactId).getResultList();
    }

    /** (contact, expiry day, points left) of these members' lots with points left, a row a member and day. */
    static List<Object[]> expiring(EntityManager em, List<Long> contactIds) {
        return rows(in(em, "SELECT l.CONTACT_ID, l.EXPIRES_ON, SUM(l.REMAINING) FROM LOYALTY_LOT l"
                + " -- DERBY-PROPERTIES index=IX_LOT_MEMBER\n"
                + "WHERE l.CONTACT_ID IN (%s) AND l.REMAINING > 0 GROUP BY l.CONTACT_ID, l.EXPIRES_ON", contactIds));
    }

    @SuppressWarnings("unchecked")
    static List<LotEntity> lotsCreatedBy(EntityManager em, long entryId) {
        return em.createNativeQuery("SELECT * FROM LOYALTY_LOT l -- DERBY-PROPERTIES index=IX_LOT_ENTRY\n"
                + "WHERE l.ENTRY_ID = ?", LotEntity.class).setParameter(1, entryId).getResultList();
    }

    @SuppressWarnings("unchecked")
    static List<LotUseEntity> lotUses(EntityManager em, long entryId) {
        return em.createNativeQuery("SELECT * FROM LOYALTY_LOT_USE u -- DERBY-PROPERTIES index=IX_LOT_USE_ENTRY\n"
                + "WHERE u.ENTRY_ID = ?", LotUseEntity.class).setParameter(1, entryId).getResultList();
    }

    /** A day as the database answers it (a {@link java.sql.Date} from JDBC). */
    static LocalDate day(Object value) {
        return value instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) value;
    }

    static Instant instant(Object value) {
        return value instanceof Timestamp t ? t.toLocalDateTime().toInstant(ZoneOffset.UTC) : (Instant) value;
    }

    /** An instant as {@link org.rapport.persistence.InstantConverter} stores it: UTC wall-clock time. */
    static Timestamp timestamp(Instant instant) {
        return Timestamp.valueOf(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
    }
}
