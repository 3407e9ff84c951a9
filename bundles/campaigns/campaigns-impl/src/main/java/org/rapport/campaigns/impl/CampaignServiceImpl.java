package org.rapport.campaigns.impl;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.campaigns.api.Campaign;
import org.rapport.campaigns.api.CampaignFigures;
import org.rapport.campaigns.api.CampaignPreview;
import org.rapport.campaigns.api.CampaignService;
import org.rapport.campaigns.api.CampaignStatus;
import org.rapport.campaigns.api.NewCampaign;
import org.rapport.campaigns.api.UnsubscribeOutcome;
import org.rapport.communication.api.MessageService;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.persistence.Columns;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentService;
import org.rapport.privacy.api.ConsentState;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.segments.api.SegmentService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Campaigns: their definitions and life (launch freezes the segment's members into recipients,
 * each with its variant; sending is {@link CampaignSending}'s job), previews by the consent gate's
 * preview and the caps' rules, figures, unsubscribe links, and opens and clicks ({@link Tracking}).
 */
@Component(service = CampaignService.class)
public class CampaignServiceImpl implements CampaignService {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignServiceImpl.class);
    /** Segment members read, and recipients written, per round. */
    static final int CHUNK = 500;

    private final EntityManagerFactory emf;
    private final SegmentService segments;
    private final MessageService messages;
    private final ConsentService consent;
    private final CampaignSending sending;
    private final MessageOutcomes outcomes;
    private final CampaignInput input;
    private final Previews previews;
    private final Clock clock;

    @Activate
    public CampaignServiceImpl(@Reference(target = "(osgi.unit.name=rapport-campaigns)") EntityManagerFactory emf,
            @Reference SegmentService segments, @Reference MessageService messages, @Reference ConsentService consent,
            @Reference ConsentGate gate, @Reference CampaignSending sending, @Reference MessageOutcomes outcomes) {
        this(emf, segments, messages, consent, gate, sending, outcomes, Clock.systemUTC());
    }

    CampaignServiceImpl(EntityManagerFactory emf, SegmentService segments, MessageService messages,
            ConsentService consent, ConsentGate gate, CampaignSending sending, MessageOutcomes outcomes, Clock clock) {
        this.emf = emf;
        this.segments = segments;
        this.messages = messages;
        this.consent = consent;
        this.sending = sending;
        this.outcomes = outcomes;
        this.input = new CampaignInput(segments, messages, consent, () -> sending.offers != null, sending::maxRate);
        this.previews = new Previews(messages, gate, sending, clock);
        this.clock = clock;
    }

    @Override
    public Campaign define(NewCampaign campaign, String actor) {
        Instant now = clock.instant();
        CampaignInput.Checked c = input.check(campaign, now);
        return Transactions.retrying(emf, 3, em -> {
            CampaignEntity e = byName(em, c.name()).orElse(null);
            if (e != null && e.status != CampaignStatus.DRAFT) {
                throw new ContactValidationException(Map.of("name", "campaign '" + c.name() + "' was launched ("
                        + e.status.label() + "); a launched campaign does not change"), true);
            }
            if (e == null) {
                e = new CampaignEntity(c.name(), LinkTokens.newSecret(), Columns.clip(actor, 120), now);
                em.persist(e);
            }
            e.segment = c.segment();
            e.condition = c.condition();
            e.purpose = c.purpose();
            e.channel = c.channel();
            e.variants = Variants.format(c.variants());
            e.offers = Variants.formatOffers(c.variants());
            e.startAt = c.startAt();
            e.recurrence = c.recurrence();
            e.ratePerMinute = c.ratePerMinute();
            em.flush();
            return e.toCampaign();
        });
    }

    private static Optional<CampaignEntity> byName(EntityManager em, String name) {
        return em.createQuery("select c from CampaignEntity c where c.name = :name", CampaignEntity.class)
                .setParameter("name", name).getResultStream().findFirst();
    }

    @Override
    public Optional<Campaign> find(long id) {
        return Transactions.read(emf, em -> Optional.ofNullable(em.find(CampaignEntity.class, id))
                .map(CampaignEntity::toCampaign));
    }

    @Override
    public Optional<Campaign> find(String name) {
        return name == null ? Optional.empty()
                : Transactions.read(emf, em -> byName(em, name.strip()).map(CampaignEntity::toCampaign));
    }

    @Override
    public List<Campaign> list() {
        return list(0, Integer.MAX_VALUE);
    }

    @Override
    public List<Campaign> list(int offset, int limit) {
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset: from 0 and limit: at least 1, not " + offset + " and " + limit);
        }
        return Transactions.read(emf, em -> em.createQuery("select c from CampaignEntity c order by c.id desc",
                CampaignEntity.class).setFirstResult(offset).setMaxResults(limit).getResultStream()
                .map(CampaignEntity::toCampaign).toList());
    }

    @Override
    public long count() {
        return Transactions.read(emf, em -> em.createQuery("select count(c) from CampaignEntity c", Long.class)
                .getSingleResult());
    }

    private Campaign campaign(long id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("id: there is no campaign " + id));
    }

    @Override
    public CampaignPreview preview(long id) {
        return previews.of(campaign(id));
    }

    private Channel medium(String channel) {
        return Tracking.medium(messages, channel);
    }

    @Override
    public Campaign launch(long id, String actor) {
        Campaign draft = campaign(id);
        if (draft.status() != CampaignStatus.DRAFT) {
            throw new IllegalStateException("campaign '" + draft.name() + "' is " + draft.status().label()
                    + "; only a draft is launched");
        }
        if (sending.linkProblem() != null) {
            throw new IllegalStateException("campaign '" + draft.name() + "' cannot be launched: its links have no "
                    + "address: " + sending.linkProblem());
        }
        if (draft.segment() != null && segments.find(draft.segment()).isEmpty()) {
            throw new IllegalArgumentException("segment: there is no segment '" + draft.segment() + "' any more");
        }
        Campaign launched = Transactions.retrying(emf, 3, em -> {
            CampaignEntity c = em.find(CampaignEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (c.status != CampaignStatus.DRAFT) {
                throw new IllegalStateException("campaign '" + c.name + "' is " + c.status.label() + "; only a draft is launched");
            }
            Instant now = clock.instant();
            if (c.recurrence != null) {
                // Each occurrence freezes the segment as it is then, when it starts.
                c.launchedAt = now;
                c.status = CampaignStatus.SCHEDULED;
                c.nextOccurrenceAt = Occurrences.next(c.recurrence, c.startAt != null && c.startAt.isAfter(now)
                        ? c.startAt : now);
                return c.toCampaign();
            }
            long count = sending.audiences().freeze(em, c, 1);
            c.recipients = count;
            c.launchedAt = now;
            boolean later = c.startAt != null && c.startAt.isAfter(now);
            c.status = later ? CampaignStatus.SCHEDULED : CampaignStatus.SENDING;
            c.nextPageAt = later ? c.startAt : now;
            if (count == 0) {
                c.status = CampaignStatus.DONE;
                c.finishedAt = now;
            }
            return c.toCampaign();
        });
        LOG.info("Campaign {} ({}) launched by {}: {} recipient(s), {}", launched.name(), id, actor,
                launched.recipients(), launched.status().label());
        sending.kick(actor);
        return find(id).orElse(launched);
    }

    @Override
    public Campaign pause(long id, String actor) {
        return move(id, actor, CampaignStatus.PAUSED, CampaignStatus.SENDING, CampaignStatus.SCHEDULED);
    }

    @Override
    public Campaign resume(long id, String actor) {
        Campaign resumed = move(id, actor, CampaignStatus.SENDING, CampaignStatus.PAUSED);
        sending.kick(actor);
        return find(id).orElse(resumed);
    }

    @Override
    public Campaign cancel(long id, String actor) {
        return move(id, actor, CampaignStatus.CANCELLED, CampaignStatus.DRAFT, CampaignStatus.SCHEDULED,
                CampaignStatus.SENDING, CampaignStatus.PAUSED);
    }

    private Campaign move(long id, String actor, CampaignStatus to, CampaignStatus... from) {
        campaign(id);
        Campaign moved = Transactions.retrying(emf, 3, em -> {
            CampaignEntity c = em.find(CampaignEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (!List.of(from).contains(c.status)) {
                throw new IllegalStateException("campaign '" + c.name + "' is " + c.status.label() + "; it cannot be "
                        + to.label() + " now");
            }
            Instant now = clock.instant();
            c.status = to;
            if (to == CampaignStatus.SENDING) {
                // A campaign paused before its start waits for it again.
                boolean later = c.startAt != null && c.startAt.isAfter(now);
                c.status = later ? CampaignStatus.SCHEDULED : CampaignStatus.SENDING;
                c.nextPageAt = later ? c.startAt : now;
            }
            if (c.recurrence != null) {
                Occurrences.resumeOrStop(em, c, now);
            }
            if (to == CampaignStatus.CANCELLED) {
                c.finishedAt = now;
                em.createQuery("update RecipientEntity r set r.status = :cancelled where r.campaignId = :campaign "
                        + "and r.status = :pending").setParameter("cancelled", RecipientEntity.State.CANCELLED)
                        .setParameter("campaign", id).setParameter("pending", RecipientEntity.State.PENDING)
                        .executeUpdate();
            }
            return c.toCampaign();
        });
        LOG.info("Campaign {} ({}) {} by {}", moved.name(), id, to.label(), actor);
        return moved;
    }

    @Override
    public CampaignFigures figures(long id) {
        Campaign c = campaign(id);
        outcomes.settleQueued(id, 1000);
        return Transactions.read(emf, em -> Figures.of(em, c));
    }

    @Override
    public UnsubscribeOutcome unsubscribe(String token) {
        OptionalLong recipientId = LinkTokens.recipient(token);
        if (recipientId.isEmpty()) {
            return UnsubscribeOutcome.INVALID;
        }
        long rid = recipientId.getAsLong();
        // The token is checked before any lock is taken: a forged one costs a read, never a wait for others.
        boolean signed = Transactions.read(emf, em -> {
            RecipientEntity r = em.find(RecipientEntity.class, rid);
            CampaignEntity c = r == null ? null : em.find(CampaignEntity.class, r.campaignId);
            return c != null && LinkTokens.valid(token, c.secret, r.id, c.id, r.contactId);
        });
        if (!signed) {
            LOG.info("An unsubscribe link that this server did not sign was followed (recipient {})", rid);
            return UnsubscribeOutcome.INVALID;
        }
        return Transactions.retrying(emf, 3, em -> {
            RecipientEntity r = em.find(RecipientEntity.class, rid, LockModeType.PESSIMISTIC_WRITE);
            CampaignEntity c = r == null ? null : em.find(CampaignEntity.class, r.campaignId);
            if (c == null) {
                return UnsubscribeOutcome.INVALID;
            }
            if (r.unsubscribedAt != null) {
                return UnsubscribeOutcome.ALREADY;
            }
            consent.record(new ConsentChange(r.contactId, c.purpose, medium(c.channel), ConsentState.WITHDRAWN, null,
                    "unsubscribe link of campaign " + c.name, "campaign " + c.id + " recipient " + r.id, null),
                    "unsubscribe link");
            r.unsubscribedAt = clock.instant();
            return UnsubscribeOutcome.WITHDRAWN;
        });
    }

    @Override
    public Optional<String> acceptOffer(String token) {
        return sending.bestOffers().accept(token);
    }

    @Override
    public boolean open(String token) {
        return sending.tracking().open(token);
    }

    @Override
    public Optional<String> click(String token) {
        return sending.tracking().click(token);
    }
}
