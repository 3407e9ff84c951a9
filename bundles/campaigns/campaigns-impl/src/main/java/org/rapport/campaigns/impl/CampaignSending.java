package org.rapport.campaigns.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rapport.campaigns.api.CampaignService;
import org.rapport.campaigns.api.CampaignStatus;
import org.rapport.communication.api.Message;
import org.rapport.communication.api.MessageService;
import org.rapport.communication.api.SendRequest;
import org.rapport.jobs.Job;
import org.rapport.jobs.JobKind;
import org.rapport.jobs.JobPage;
import org.rapport.jobs.JobRunner;
import org.rapport.jobs.JobRunningException;
import org.rapport.persistence.Transactions;
import org.rapport.rest.Roles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sending, as a kind of job of the platform's runner ({@code campaigns.sending}): each page takes
 * the sending campaign whose turn is next, waits until its minute is up, and queues its next
 * {@code ratePerMinute} recipients' messages with the communication capability (which asks the
 * consent gate as each leaves), each with its unsubscribe link and the one-click header fields.
 * One run serves every sending campaign and ends when none has recipients left; every
 * {@code watchSeconds} each node starts a run when a campaign is due and none runs (a scheduled
 * start, a resume, a run that ended as a campaign was launched). A message's reference names its
 * recipient, so a page done twice queues nothing twice.
 */
@Component(service = {JobKind.class, CampaignSending.class}, configurationPid = CampaignsConfig.PID)
@Designate(ocd = CampaignsConfig.class)
public class CampaignSending implements JobKind {

    static final String KIND = "campaigns.sending";
    /** The longest a page waits for a campaign's next minute. */
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(CampaignSending.class);

    /** Waits until a time: sleeps in the product, moves a test's clock in tests. */
    @FunctionalInterface
    interface Wait {
        void until(Instant when) throws InterruptedException;
    }

    /** The runner that took this kind ({@link #boundTo}); never a service reference, which would make a cycle. */
    volatile JobRunner runner;
    private final EntityManagerFactory emf;
    private final MessageService messages;
    private final Clock clock;
    private final Wait wait;
    private final String unsubscribeBase;
    private ScheduledExecutorService watch;

    @Activate
    public CampaignSending(@Reference(target = "(osgi.unit.name=rapport-campaigns)") EntityManagerFactory emf,
            @Reference MessageService messages, CampaignsConfig config) {
        this(null, emf, messages, Clock.systemUTC(), CampaignSending::sleepUntil, config.publicUrl());
        watch = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "rapport-campaigns-watch"));
        int every = Math.max(1, config.watchSeconds());
        watch.scheduleWithFixedDelay(this::watch, every, every, TimeUnit.SECONDS);
    }

    CampaignSending(JobRunner runner, EntityManagerFactory emf, MessageService messages, Clock clock, Wait wait,
            String publicUrl) {
        this.runner = runner;
        this.emf = emf;
        this.messages = messages;
        this.clock = clock;
        this.wait = wait;
        String base = publicUrl == null || publicUrl.isBlank() ? "http://localhost:8181" : publicUrl.strip();
        this.unsubscribeBase = (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/api/v1/unsubscribe/";
    }

    @Deactivate
    void stop() {
        if (watch != null) {
            watch.shutdownNow();
        }
    }

    private static void sleepUntil(Instant when) throws InterruptedException {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            Thread.sleep(Math.min(millis, MINUTE.toMillis()));
        }
    }

    /** The link a recipient unsubscribes by. */
    String unsubscribeUrl(String token) {
        return unsubscribeBase + token;
    }

    /** Starts a run unless one runs (here or on another node) or nothing is due. */
    void kick(String actor) {
        JobRunner bound = runner;
        if (bound == null || total() == 0) {
            return;
        }
        try {
            bound.start(KIND, actor);
        } catch (JobRunningException running) {
            LOG.debug("Campaign sending runs already: it takes the campaign up at its next page");
        }
    }

    private void watch() {
        try {
            kick("system");
        } catch (RuntimeException e) {
            LOG.warn("Looking for campaigns due failed: {}", e.toString());
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String title() {
        return "campaign sending";
    }

    @Override
    public Set<String> roles() {
        return Set.of(Roles.ANALYST);
    }

    @Override
    public boolean startable() {
        return false;
    }

    @Override
    public long total() {
        Instant now = clock.instant();
        return Transactions.read(emf, em -> em.createQuery("select count(r) from RecipientEntity r, CampaignEntity c "
                + "where r.campaignId = c.id and r.status = :pending and (c.status = :sending or (c.status = :scheduled "
                + "and c.startAt <= :now))", Long.class).setParameter("pending", RecipientEntity.State.PENDING)
                .setParameter("sending", CampaignStatus.SENDING).setParameter("scheduled", CampaignStatus.SCHEDULED)
                .setParameter("now", now).getSingleResult());
    }

    @Override
    public Optional<JobPage> page(Job job, String cursor) {
        Instant now = clock.instant();
        Transactions.run(emf, em -> em.createQuery("update CampaignEntity c set c.status = :sending where "
                + "c.status = :scheduled and c.startAt <= :now").setParameter("sending", CampaignStatus.SENDING)
                .setParameter("scheduled", CampaignStatus.SCHEDULED).setParameter("now", now).executeUpdate());
        Optional<CampaignEntity> next = Transactions.read(emf, em -> em.createQuery("select c from CampaignEntity c "
                + "where c.status = :sending order by c.nextPageAt, c.id", CampaignEntity.class)
                .setParameter("sending", CampaignStatus.SENDING).setMaxResults(1).getResultStream().findFirst());
        if (next.isEmpty()) {
            return Optional.empty();
        }
        CampaignEntity campaign = next.get();
        if (campaign.nextPageAt != null && campaign.nextPageAt.isAfter(now)) {
            try {
                wait.until(campaign.nextPageAt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("campaign sending was interrupted", e);
            }
        }
        return Optional.of(send(job, campaign.id));
    }

    /** Queues the campaign's next page of recipients, if it is still sending. */
    private JobPage send(Job job, long campaignId) {
        CampaignEntity campaign = Transactions.read(emf, em -> em.find(CampaignEntity.class, campaignId));
        if (campaign.status != CampaignStatus.SENDING) {
            return new JobPage("campaign " + campaignId + " " + campaign.status.label(), 0, 0);
        }
        List<RecipientEntity> page = Transactions.read(emf, em -> em.createQuery("select r from RecipientEntity r where "
                + "r.campaignId = :campaign and r.status = :pending order by r.id", RecipientEntity.class)
                .setParameter("campaign", campaignId).setParameter("pending", RecipientEntity.State.PENDING)
                .setMaxResults(campaign.ratePerMinute).getResultList());
        List<RecipientEntity> outcomes = new ArrayList<>();
        for (RecipientEntity r : page) {
            outcomes.add(queue(campaign, r, job));
        }
        Instant now = clock.instant();
        Map<String, Long> counts = new LinkedHashMap<>();
        Transactions.retrying(emf, 3, em -> {
            CampaignEntity c = em.find(CampaignEntity.class, campaignId, LockModeType.PESSIMISTIC_WRITE);
            for (RecipientEntity outcome : outcomes) {
                RecipientEntity r = em.find(RecipientEntity.class, outcome.id);
                if (r != null && r.status == RecipientEntity.State.PENDING) {
                    r.status = outcome.status;
                    r.reason = outcome.reason;
                    r.messageId = outcome.messageId;
                }
            }
            c.jobId = job.id();
            c.nextPageAt = now.plus(MINUTE);
            long left = em.createQuery("select count(r) from RecipientEntity r where r.campaignId = :campaign and "
                    + "r.status = :pending", Long.class).setParameter("campaign", campaignId)
                    .setParameter("pending", RecipientEntity.State.PENDING).getSingleResult();
            if (left == 0 && c.status == CampaignStatus.SENDING) {
                c.status = CampaignStatus.DONE;
                c.finishedAt = now;
                LOG.info("Campaign {} ({}): every recipient's message is queued", c.name, c.id);
            }
            return null;
        });
        for (RecipientEntity r : outcomes) {
            counts.merge(r.status == RecipientEntity.State.HELD ? "heldBack" : r.status.name().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
        }
        long last = page.isEmpty() ? 0 : page.get(page.size() - 1).id;
        return new JobPage("campaign " + campaignId + " recipient " + last, page.size(),
                counts.getOrDefault("queued", 0L), counts);
    }

    /** Queues one recipient's message; answers the recipient with its new state (not stored yet). */
    private RecipientEntity queue(CampaignEntity campaign, RecipientEntity r, Job job) {
        String url = unsubscribeUrl(UnsubscribeTokens.token(campaign.secret, r.id, campaign.id, r.contactId));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("List-Unsubscribe", "<" + url + ">");
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        RecipientEntity outcome = new RecipientEntity(campaign.id, r.contactId, r.variant);
        outcome.id = r.id;
        try {
            Message m = messages.send(new SendRequest(r.contactId, campaign.channel, r.variant, campaign.purpose,
                    Map.of(CampaignService.UNSUBSCRIBE_VARIABLE, url), UnsubscribeTokens.reference(campaign.secret, r.id),
                    headers),
                    "campaign " + campaign.name);
            outcome.messageId = m.id();
            outcome.status = RecipientEntity.State.QUEUED;
        } catch (IllegalArgumentException refused) {
            String reason = refused.getMessage() == null ? "refused" : refused.getMessage();
            boolean unreachable = reason.contains("cannot reach contact");
            outcome.status = unreachable ? RecipientEntity.State.HELD : RecipientEntity.State.FAILED;
            outcome.reason = unreachable ? Reasons.NO_ADDRESS : Reasons.of(reason.replaceAll("contact(Id)? \\d+", "contact"));
            LOG.debug("Campaign {} recipient {} not queued (job {}): {}", campaign.id, r.id, job.id(), reason);
        }
        return outcome;
    }

    @Override
    public void boundTo(JobRunner runner) {
        this.runner = runner;
    }
}
