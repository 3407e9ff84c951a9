package org.rapport.segments.impl;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.persistence.EntityManager;

import org.rapport.contacts.api.InteractionService;

/**
 * RFM scores from the purchases in the scoring window (totalled by the contacts' interactions):
 * every buyer's at once, or a few contacts' against the last scoring's boundaries, in the
 * caller's transaction.
 */
final class RfmScoring {

    /** The interaction type whose amounts RFM's monetary score adds up, as the contacts' {@code spent} word does. */
    static final String PURCHASE = "purchase";

    private final InteractionService interactions;
    private final int windowDays;
    /** Only purchases in this currency count; null: all. */
    private final String currency;

    RfmScoring(InteractionService interactions, int windowDays, String currency) {
        if (windowDays < 1) {
            throw new IllegalArgumentException("the RFM window is at least one day, not " + windowDays);
        }
        if (currency != null && !currency.isBlank() && !currency.strip().matches("[A-Za-z]{3}")) {
            throw new IllegalArgumentException("rfmCurrency must be an ISO 4217 code such as EUR, not '" + currency + "'");
        }
        this.interactions = interactions;
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

    /**
     * Brings the RFM scores of {@code ids} up to date against the last scoring's boundaries; those
     * not in {@code allowed} (whom the consent gate does not let segments profile) lose theirs.
     */
    void rescore(EntityManager em, List<Long> ids, Set<Long> allowed, Rfm.Bounds bounds, Instant now) {
        Map<Long, Rfm.Figures> figures = new HashMap<>();
        figures(now, ids).forEach(f -> figures.put(f.contactId(), f));
        for (long id : ids) {
            RfmScoreEntity score = em.find(RfmScoreEntity.class, id);
            Rfm.Figures f = allowed.contains(id) ? figures.get(id) : null;
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

    /** Each buyer's purchases in the window: of {@code ids} only, or of everybody (null). */
    List<Rfm.Figures> figures(Instant now, List<Long> ids) {
        return interactions.totals(PURCHASE, now.minus(Duration.ofDays(windowDays)), currency, ids).stream()
                .map(t -> new Rfm.Figures(t.contactId(), t.latest(), t.count(), t.amount())).toList();
    }
}
