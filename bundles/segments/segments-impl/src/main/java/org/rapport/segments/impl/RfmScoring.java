package org.rapport.contacts.impl;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.persistence.EntityManager;
import javax.persistence.Query;

/**
 * RFM scores from the purchases in the scoring window: every buyer's at once, or a few contacts'
 * against the last scoring's boundaries, in the caller's transaction.
 */
final class RfmScoring {

    private final int windowDays;
    /** Only purchases in this currency count; null: all. */
    private final String currency;

    RfmScoring(int windowDays, String currency) {
        if (windowDays < 1) {
            throw new IllegalArgumentException("the RFM window is at least one day, not " + windowDays);
        }
        if (currency != null && !currency.isBlank() && !currency.strip().matches("[A-Za-z]{3}")) {
            throw new IllegalArgumentException("rfmCurrency must be an ISO 4217 code such as EUR, not '" + currency + "'");
        }
        this.windowDays = windowDays;
        this.currency = currency == null || currency.isBlank() ? null : currency.strip().toUpperCase(Locale.ROOT);
    }

    int windowDays() {
        return windowDays;
    }

    /** Replaces the last scoring with every buyer's scores from {@code buyers}; answers the boundaries. */
    Rfm.Bounds scoreAll(EntityManager em, List<Rfm.Figures> buyers, Instant now) {
        Rfm.Bounds bounds = Rfm.Bounds.of(buyers, now, windowDays);
        em.createQuery("delete from RfmScoreEntity s").executeUpdate();
        int n = 0;
        for (Rfm.Figures f : buyers) {
            RfmScoreEntity score = new RfmScoreEntity(f.contactId());
            score.score(f, bounds.score(f, now), now);
            em.persist(score);
            if (++n % 1000 == 0) {
                em.flush();
                em.clear();
            }
        }
        em.flush();
        em.clear();
        return bounds;
    }

    /** Brings the RFM scores of {@code ids} up to date against the last scoring's boundaries. */
    void rescore(EntityManager em, List<Long> ids, Rfm.Bounds bounds, Instant now) {
        Map<Long, Rfm.Figures> figures = new HashMap<>();
        figures(em, now, ids).forEach(f -> figures.put(f.contactId(), f));
        for (long id : ids) {
            RfmScoreEntity score = em.find(RfmScoreEntity.class, id);
            Rfm.Figures f = figures.get(id);
            if (f == null) {
                if (score != null) {
                    em.remove(score);
                }
                continue;
            }
            if (score == null) {
                score = new RfmScoreEntity(id);
                em.persist(score);
            }
            score.score(f, bounds.score(f, now), now);
        }
        em.flush();
    }

    /**
     * Each buyer's purchases in the window: of {@code ids} only, or of everybody. In SQL: the
     * latest purchase time is read as a plain timestamp (JPQL's {@code max} of an attribute with a
     * converter fails in EclipseLink).
     */
    @SuppressWarnings("unchecked")
    List<Rfm.Figures> figures(EntityManager em, Instant now, List<Long> ids) {
        StringBuilder sql = new StringBuilder("select CONTACT_ID, max(OCCURRED_AT), count(*), sum(AMOUNT) from INTERACTION "
                + "where TYPE = ? and OCCURRED_AT >= ?");
        if (currency != null) {
            sql.append(" and CURRENCY = ?");
        }
        if (ids != null) {
            // Numbers only: written into the statement.
            sql.append(" and CONTACT_ID in (").append(String.join(",", ids.stream().map(String::valueOf).toList()))
                    .append(")");
        }
        Query query = em.createNativeQuery(sql.append(" group by CONTACT_ID").toString())
                .setParameter(1, ContactSearch.PURCHASE)
                .setParameter(2, Timestamp.valueOf(LocalDateTime.ofInstant(now.minus(Duration.ofDays(windowDays)),
                        ZoneOffset.UTC)));
        if (currency != null) {
            query.setParameter(3, currency);
        }
        List<Rfm.Figures> figures = new ArrayList<>();
        for (Object[] row : (List<Object[]>) query.getResultList()) {
            BigDecimal spent = row[3] == null ? BigDecimal.ZERO : new BigDecimal(row[3].toString());
            Instant last = ((Timestamp) row[1]).toLocalDateTime().toInstant(ZoneOffset.UTC);
            figures.add(new Rfm.Figures(((Number) row[0]).longValue(), last, ((Number) row[2]).longValue(), spent));
        }
        return figures;
    }
}
