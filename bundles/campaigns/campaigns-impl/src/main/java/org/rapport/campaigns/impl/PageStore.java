package org.rapport.campaigns.impl;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.rapport.campaigns.api.CampaignStatus;
import org.rapport.jobs.Job;
import org.rapport.persistence.Transactions;
import org.rapport.rules.api.DecisionLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a page of {@link CampaignSending} leaves behind, in one transaction: each recipient's new
 * state (the page's recipients read 500 to a query; only while it is still pending: a page done
 * again changes nothing), the rules' decisions
 * applied to them in the ledger, when the campaign's next page is due (the end of quiet hours when
 * every recipient left waits for it), and the campaign done when nobody is left, or, for a recurring
 * one, waiting for its next occurrence.
 */
final class PageStore {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignSending.class);
    /** How many of the page's recipients are read in one query. */
    private static final int READ = 500;

    private PageStore() {
    }

    /**
     * Stores the page's outcomes and the decisions applied to them, and that the campaign's next page
     * is due {@code next} after {@code now}.
     */
    static void store(EntityManagerFactory emf, DecisionLedger ledger, Job job, long campaignId,
            List<RecipientEntity> outcomes, List<DecisionLedger.Applied> applied, Instant now, Duration next) {
        Transactions.retrying(emf, 3, em -> {
            CampaignEntity c = em.find(CampaignEntity.class, campaignId, LockModeType.PESSIMISTIC_WRITE);
            Map<Long, RecipientEntity> stored = new HashMap<>();
            for (int from = 0; from < outcomes.size(); from += READ) {
                em.createQuery("select r from RecipientEntity r where r.id in :ids", RecipientEntity.class)
                        .setParameter("ids", outcomes.subList(from, Math.min(outcomes.size(), from + READ)).stream()
                                .map(o -> o.id).toList()).getResultStream().forEach(r -> stored.put(r.id, r));
            }
            for (RecipientEntity outcome : outcomes) {
                RecipientEntity r = stored.get(outcome.id);
                if (r != null && r.status == RecipientEntity.State.PENDING) {
                    r.status = outcome.status;
                    r.reason = outcome.reason;
                    r.messageId = outcome.messageId;
                    r.queuedAt = outcome.queuedAt;
                    r.deferUntil = outcome.deferUntil;
                    r.offerCode = outcome.offerCode;
                }
            }
            em.flush();
            ledger.recordAll(em, applied);
            c.jobId = job.id();
            c.nextPageAt = now.plus(next);
            long pending = em.createQuery("select count(r) from RecipientEntity r where r.campaignId = :campaign and "
                    + "r.status = :pending", Long.class).setParameter("campaign", campaignId)
                    .setParameter("pending", RecipientEntity.State.PENDING).getSingleResult();
            // Every recipient left waits (quiet hours): the next page is due when the first of them is.
            boolean due = em.createQuery("select r.id from RecipientEntity r where r.campaignId = :campaign and "
                    + "r.status = :pending and (r.deferUntil is null or r.deferUntil <= :now)", Long.class)
                    .setParameter("campaign", campaignId).setParameter("pending", RecipientEntity.State.PENDING)
                    .setParameter("now", now).setMaxResults(1).getResultStream().findFirst().isPresent();
            if (pending > 0 && !due) {
                em.createQuery("select r.deferUntil from RecipientEntity r where r.campaignId = :campaign and r.status = "
                        + ":pending order by r.deferUntil", Instant.class).setParameter("campaign", campaignId)
                        .setParameter("pending", RecipientEntity.State.PENDING).setMaxResults(1).getResultStream()
                        .findFirst().filter(first -> first.isAfter(c.nextPageAt)).ifPresent(first -> c.nextPageAt = first);
            }
            if (pending == 0 && c.status == CampaignStatus.SENDING) {
                // A recurring campaign waits for its next occurrence.
                c.status = c.recurrence != null ? CampaignStatus.SCHEDULED : CampaignStatus.DONE;
                c.finishedAt = c.recurrence != null ? null : now;
                LOG.info("Campaign {} ({}): every recipient's message is queued", c.name, c.id);
            }
            return null;
        });
    }

}
