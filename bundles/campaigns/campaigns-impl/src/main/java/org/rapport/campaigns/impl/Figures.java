package org.rapport.campaigns.impl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.persistence.EntityManager;

import org.rapport.campaigns.api.Campaign;
import org.rapport.campaigns.api.CampaignFigures;
import org.rapport.campaigns.api.Variant;

/** A campaign's figures, counted in one query over its recipients grouped by variant, state and reason. */
final class Figures {

    /** The counts of one variant, or of the whole campaign, as they are added up. */
    private static final class Tally {
        long targeted;
        long pending;
        long sent;
        long failed;
        long unsubscribed;
        final Map<String, Long> heldBack = new TreeMap<>();

        void add(RecipientEntity.State state, String reason, long count, long unsubscribedCount) {
            targeted += count;
            unsubscribed += unsubscribedCount;
            switch (state) {
                case PENDING, QUEUED -> pending += count;
                case SENT -> sent += count;
                case FAILED -> failed += count;
                case HELD -> heldBack.merge(reason == null ? "held back" : reason, count, Long::sum);
                case CANCELLED -> { }
            }
        }

        CampaignFigures.Line line(String variant) {
            return new CampaignFigures.Line(variant, targeted, pending, Map.copyOf(heldBack), sent, failed, unsubscribed);
        }
    }

    private Figures() {
    }

    static CampaignFigures of(EntityManager em, Campaign c) {
        List<Object[]> rows = em.createQuery("select r.variant, r.status, r.reason, count(r), count(r.unsubscribedAt) "
                + "from RecipientEntity r where r.campaignId = :campaign group by r.variant, r.status, r.reason",
                Object[].class).setParameter("campaign", c.id()).getResultList();
        Tally total = new Tally();
        Map<String, Tally> variants = new HashMap<>();
        for (Object[] row : rows) {
            RecipientEntity.State state = (RecipientEntity.State) row[1];
            long count = ((Number) row[3]).longValue();
            long unsubscribed = ((Number) row[4]).longValue();
            total.add(state, (String) row[2], count, unsubscribed);
            variants.computeIfAbsent((String) row[0], v -> new Tally()).add(state, (String) row[2], count, unsubscribed);
        }
        List<CampaignFigures.Line> lines = new ArrayList<>();
        for (Variant v : c.variants()) {
            lines.add(variants.getOrDefault(v.template(), new Tally()).line(v.template()));
        }
        return new CampaignFigures(c.id(), c.name(), c.status(), total.line(null), lines);
    }
}
