package org.rapport.campaigns.impl;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.persistence.EntityManager;

import org.rapport.campaigns.api.Campaign;
import org.rapport.campaigns.api.CampaignFigures;
import org.rapport.campaigns.api.Variant;

/**
 * A campaign's figures, counted in one query over its recipients grouped by variant, state and reason:
 * what became of each message (bounced ones among those sent), the opens and clicks of those tracked, unsubscribes,
 * conversions, and the best offers shown and accepted; for a recurring campaign, per occurrence too.
 */
final class Figures {

    /** The counts of one variant, or of the whole campaign, as they are added up. */
    private static final class Tally {
        long targeted;
        long pending;
        long sent;
        long bounced;
        long failed;
        long opened;
        long clicked;
        long unsubscribed;
        long converted;
        long offered;
        long offersAccepted;
        BigDecimal revenue = BigDecimal.ZERO;
        final Map<String, Long> heldBack = new TreeMap<>();

        void add(Object[] row) {
            RecipientEntity.State state = (RecipientEntity.State) row[1];
            String reason = (String) row[2];
            long count = ((Number) row[3]).longValue();
            targeted += count;
            unsubscribed += ((Number) row[4]).longValue();
            opened += ((Number) row[5]).longValue();
            clicked += ((Number) row[6]).longValue();
            converted += ((Number) row[7]).longValue();
            revenue = row[8] == null ? revenue : revenue.add(new BigDecimal(row[8].toString()));
            offered += ((Number) row[9]).longValue();
            offersAccepted += ((Number) row[10]).longValue();
            switch (state) {
                case PENDING, QUEUED -> pending += count;
                case SENT -> sent += count;
                case BOUNCED -> {
                    sent += count;
                    bounced += count;
                }
                case FAILED -> failed += count;
                case HELD -> heldBack.merge(reason == null ? "held back" : reason, count, Long::sum);
                case CANCELLED -> { }
            }
        }

        CampaignFigures.Line line(String variant) {
            return new CampaignFigures.Line(variant, targeted, pending, Map.copyOf(heldBack), sent, bounced, failed, opened,
                    clicked, unsubscribed, converted, revenue.setScale(2, RoundingMode.HALF_UP), offered, offersAccepted);
        }
    }

    private Figures() {
    }

    static CampaignFigures of(EntityManager em, Campaign c) {
        List<Object[]> rows = em.createQuery("select r.variant, r.status, r.reason, count(r), count(r.unsubscribedAt), "
                + "count(r.openedAt), count(r.clickedAt), count(r.convertedAt), sum(r.revenue), count(r.offerCode), "
                + "count(r.offerAcceptedAt), r.occurrence from RecipientEntity r where r.campaignId = :campaign "
                + "group by r.variant, r.status, r.reason, r.occurrence", Object[].class)
                .setParameter("campaign", c.id()).getResultList();
        Tally total = new Tally();
        Map<String, Tally> variants = new HashMap<>();
        Map<Integer, Tally> occurrences = new TreeMap<>();
        for (Object[] row : rows) {
            total.add(row);
            variants.computeIfAbsent((String) row[0], v -> new Tally()).add(row);
            occurrences.computeIfAbsent(((Number) row[11]).intValue(), o -> new Tally()).add(row);
        }
        List<CampaignFigures.Line> lines = new ArrayList<>();
        for (Variant v : c.variants()) {
            lines.add(variants.getOrDefault(v.template(), new Tally()).line(v.template()));
        }
        List<CampaignFigures.Occurrence> byOccurrence = new ArrayList<>();
        for (int n = 1; c.schedule() != null && n <= c.occurrences(); n++) {
            byOccurrence.add(new CampaignFigures.Occurrence(n, occurrences.getOrDefault(n, new Tally()).line(null)));
        }
        return new CampaignFigures(c.id(), c.name(), c.status(), total.line(null), lines, byOccurrence);
    }
}
