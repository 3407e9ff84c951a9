package org.rapport.campaigns.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.rapport.campaigns.api.CampaignService;
import org.rapport.campaigns.api.CampaignStatus;
import org.rapport.communication.api.MessageService;
import org.rapport.communication.api.MessageStatus;
import org.rapport.communication.api.SendOutcome;
import org.rapport.communication.api.SendRequest;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.InteractionService;
import org.rapport.jobs.Job;
import org.rapport.jobs.JobKind;
import org.rapport.jobs.JobPage;
import org.rapport.jobs.JobRunner;
import org.rapport.jobs.JobRunningException;
import org.rapport.offers.api.OfferService;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.rest.Roles;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.RulesEngine;
import org.rapport.rules.api.RulesUnavailableException;
import org.rapport.segments.api.SegmentService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sending, as a kind of job of the platform's runner ({@code campaigns.sending}): each page takes
 * the sending campaign whose turn is next, waits until its turn is up and the outbox has sent what
 * was queued before (less than a page waits in it), asks the {@code campaigns} rules about its next
 * due recipients (at most {@value #PAGE}, and at most its {@code ratePerMinute}, itself held to the
 * administrator's {@code maxRatePerMinute}; the next page is due when this one's share of the minute
 * is up) ({@link CapRules}: held back for good, deferred to a later time, or free) and queues the
 * free ones' messages with the communication capability, the page in one transaction
 * ({@code MessageService.sendAll}; the consent gate is asked as they leave), each with its
 * unsubscribe link and the one-click header fields, and, for a contact who consented to tracking,
 * the tracking pixel and tracked links ({@link Tracking}), and in a best-offer variant the
 * recipient's best offer ({@link BestOffers}: decided for the page before anything is queued).
 * Every hold and deferral is recorded in the decision ledger with
 * the page's outcomes. One run serves every sending campaign and ends when none has recipients due;
 * every {@code watchSeconds} each node starts a run when a campaign is due and none runs (a
 * scheduled start, a resume, the end of quiet hours). A message's reference names its recipient, so
 * a page done twice queues nothing twice.
 */
@Component(service = {JobKind.class, CampaignSending.class}, configurationPid = CampaignsConfig.PID)
@Designate(ocd = CampaignsConfig.class)
public class CampaignSending implements JobKind {

    static final String KIND = "campaigns.sending";
    /** The longest a page waits for a campaign's next minute. */
    private static final Duration MINUTE = Duration.ofMinutes(1);
    /**
     * The most recipients one page queues; a faster campaign queues several pages a minute, each
     * when the rate allows and the outbox has sent what the pages before left in it.
     */
    static final int PAGE = 1000;
    /** How often a page waiting for the outbox looks again. */
    private static final Duration OUTBOX_LOOK = Duration.ofMillis(200);
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
    private final DecisionLedger ledger;
    private final RulesEngine rules;
    private final InteractionService interactions;
    private final ContactService contacts;
    private final ConsentGate gate;
    /** What the settings make: replaced whole when they change ({@link #modified}). */
    private volatile CapRules caps;
    private volatile Tracking tracking;
    private final BestOffers bestOffers;
    private final Audiences audiences;
    private final Occurrences occurrences;
    /** The offers capability, for best-offer variants, while it runs. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile OfferService offers;
    private volatile PublicLinks links;
    /** The administrator's highest rate, messages a minute. */
    private volatile int maxRate;
    private final Clock clock;
    private final Wait wait;
    private ScheduledExecutorService watch;
    private int watchSeconds;

    @Activate
    public CampaignSending(@Reference(target = "(osgi.unit.name=rapport-campaigns)") EntityManagerFactory emf,
            @Reference MessageService messages, @Reference RulesEngine rules, @Reference DecisionLedger ledger,
            @Reference InteractionService interactions, @Reference ConsentGate gate, @Reference SegmentService segments,
            @Reference ContactService contacts, CampaignsConfig config) {
        this(null, emf, messages, rules, ledger, interactions, gate, segments, contacts, Clock.systemUTC(),
                CampaignSending::sleepUntil, config);
        warnIfNoLinks();
        watchEvery(config.watchSeconds());
    }

    CampaignSending(JobRunner runner, EntityManagerFactory emf, MessageService messages, RulesEngine rules,
            DecisionLedger ledger, InteractionService interactions, ConsentGate gate, SegmentService segments,
            ContactService contacts, Clock clock, Wait wait, CampaignsConfig config) {
        this.runner = runner;
        this.emf = emf;
        this.messages = messages;
        this.ledger = ledger;
        this.rules = rules;
        this.interactions = interactions;
        this.contacts = contacts;
        this.gate = gate;
        this.bestOffers = new BestOffers(emf, () -> offers, clock);
        this.audiences = new Audiences(segments, contacts, CampaignServiceImpl.CHUNK);
        this.occurrences = new Occurrences(emf, audiences);
        this.clock = clock;
        this.wait = wait;
        apply(config);
    }

    /**
     * New settings while running: taken up without stopping the component (whose service the campaigns,
     * their REST resources and the jobs hold). A bad value is refused, naming its key, and the previous
     * settings go on.
     */
    @Modified
    synchronized void modified(CampaignsConfig config) {
        try {
            apply(config);
        } catch (IllegalArgumentException refused) {
            LOG.error("New settings of etc/{}.cfg refused, the previous ones still apply: {}", CampaignsConfig.PID,
                    refused.getMessage());
            return;
        }
        warnIfNoLinks();
        if (watch != null && Math.max(1, config.watchSeconds()) != watchSeconds) {
            watch.shutdown(); // a look under way finishes: an interrupt mid-query closes Derby's connection
            watchEvery(config.watchSeconds());
        }
    }

    /** Makes everything from the settings first, then swaps it in: a bad value changes nothing. */
    private void apply(CampaignsConfig config) {
        CapRules newCaps = new CapRules(emf, rules, interactions, contacts, CapRules.zone(config.timeZone()));
        Tracking newTracking = new Tracking(emf, messages, gate, config.trackingPurpose(), clock);
        PublicLinks newLinks = new PublicLinks(config.publicUrl(), config.loopbackHttp());
        if (config.maxRatePerMinute() < 1 || config.maxRatePerMinute() > CampaignService.MAX_RATE) {
            throw new IllegalArgumentException("maxRatePerMinute in " + CampaignsConfig.PID + " is 1 to "
                    + CampaignService.MAX_RATE + " messages a minute, not " + config.maxRatePerMinute());
        }
        this.maxRate = config.maxRatePerMinute();
        this.caps = newCaps;
        this.tracking = newTracking;
        this.links = newLinks;
    }

    private void warnIfNoLinks() {
        if (links.problem() != null) {
            LOG.warn("No campaign is launched until this is fixed: {}", links.problem());
        }
    }

    private void watchEvery(int seconds) {
        watchSeconds = Math.max(1, seconds);
        watch = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "rapport-campaigns-watch"));
        watch.scheduleWithFixedDelay(this::watch, watchSeconds, watchSeconds, TimeUnit.SECONDS);
    }

    @Deactivate
    synchronized void stop() {
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

    /** The administrator's highest rate, messages a minute: no campaign is defined or sent faster. */
    int maxRate() {
        return maxRate;
    }

    /** The rules that hold back and defer messages, for the preview. */
    CapRules caps() {
        return caps;
    }

    Tracking tracking() {
        return tracking;
    }

    BestOffers bestOffers() {
        return bestOffers;
    }

    Audiences audiences() {
        return audiences;
    }

    Occurrences occurrences() {
        return occurrences;
    }

    /** Why no campaign can be launched now (no good public address for its links), or null. */
    String linkProblem() {
        return links.problem();
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

    /**
     * The recipients due now: pending, not deferred past now, of a campaign sending or due to start; and
     * one for each recurring campaign whose next occurrence is due.
     */
    @Override
    public long total() {
        Instant now = clock.instant();
        return Transactions.read(emf, em -> occurrences.due(em, now) + em.createQuery("select count(r) from RecipientEntity r, CampaignEntity c "
                + "where r.campaignId = c.id and r.status = :pending and (r.deferUntil is null or r.deferUntil <= :now) "
                + "and (c.status = :sending or (c.status = :scheduled and c.startAt <= :now))", Long.class)
                .setParameter("pending", RecipientEntity.State.PENDING).setParameter("sending", CampaignStatus.SENDING)
                .setParameter("scheduled", CampaignStatus.SCHEDULED).setParameter("now", now).getSingleResult());
    }

    @Override
    public Optional<JobPage> page(Job job, String cursor) {
        Instant now = clock.instant();
        occurrences.startDue(now);
        Transactions.run(emf, em -> em.createQuery("update CampaignEntity c set c.status = :sending where "
                + "c.status = :scheduled and c.startAt <= :now and c.recurrence is null")
                .setParameter("sending", CampaignStatus.SENDING)
                .setParameter("scheduled", CampaignStatus.SCHEDULED).setParameter("now", now).executeUpdate());
        Optional<CampaignEntity> next = Transactions.read(emf, em -> em.createQuery("select c from CampaignEntity c "
                + "where c.status = :sending order by c.nextPageAt, c.id", CampaignEntity.class)
                .setParameter("sending", CampaignStatus.SENDING).setMaxResults(1).getResultStream().findFirst());
        // Nothing due within the minute (every recipient left waits for the end of quiet hours): the run
        // ends, and the watch starts the next when they are due.
        if (next.isEmpty() || next.get().nextPageAt != null && next.get().nextPageAt.isAfter(now.plus(MINUTE))) {
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
        awaitOutbox();
        return Optional.of(send(job, campaign.id));
    }

    /**
     * Waits, a minute at most, while the outbox holds a page of messages not yet tried: a campaign
     * queues no faster than its messages leave, so a pause or a cancel stops all but about a page of
     * what is left of it.
     */
    private void awaitOutbox() {
        Instant until = clock.instant().plus(MINUTE);
        while (messages.count(null, MessageStatus.QUEUED) >= PAGE && clock.instant().isBefore(until)) {
            try {
                wait.until(clock.instant().plus(OUTBOX_LOOK));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("campaign sending was interrupted", e);
            }
        }
    }

    /** Judges and queues the campaign's next page of due recipients, if it is still sending. */
    private JobPage send(Job job, long campaignId) {
        CampaignEntity campaign = Transactions.read(emf, em -> em.find(CampaignEntity.class, campaignId));
        if (campaign.status != CampaignStatus.SENDING) {
            return new JobPage("campaign " + campaignId + " " + campaign.status.label(), 0, 0);
        }
        Instant now = clock.instant();
        int rate = Math.min(campaign.ratePerMinute, maxRate);
        List<RecipientEntity> page = Transactions.read(emf, em -> em.createQuery("select r from RecipientEntity r where "
                + "r.campaignId = :campaign and r.status = :pending and (r.deferUntil is null or r.deferUntil <= :now) "
                + "order by r.id", RecipientEntity.class).setParameter("campaign", campaignId)
                .setParameter("pending", RecipientEntity.State.PENDING).setParameter("now", now)
                .setMaxResults(Math.min(rate, PAGE)).getResultList());
        List<Long> contacts = page.stream().map(r -> r.contactId).toList();
        Map<Long, CapRules.Verdict> verdicts;
        try {
            verdicts = caps.judge(new CapRules.Campaign(campaign.id, campaign.name, campaign.purpose, campaign.channel),
                    contacts, now);
        } catch (RulesUnavailableException unavailable) {
            // Caps protect customers: without them nothing leaves, and the campaign waits for its rules.
            LOG.warn("Campaign {} ({}) waits: {}", campaign.name, campaignId, unavailable.getMessage());
            Transactions.run(emf, em -> em.find(CampaignEntity.class, campaignId).nextPageAt = now.plus(MINUTE));
            return new JobPage("campaign " + campaignId + " waits for its rules", 0, 0);
        }
        Map<Long, BestOffers.Choice> offered;
        try {
            offered = bestOffers.chooseAll(campaign, page.stream().filter(r -> verdicts.getOrDefault(r.contactId,
                    CapRules.Verdict.FREE).free()).toList(), links);
        } catch (RulesUnavailableException unavailable) {
            LOG.warn("Campaign {} ({}) waits: {}", campaign.name, campaignId, unavailable.getMessage());
            Transactions.run(emf, em -> em.find(CampaignEntity.class, campaignId).nextPageAt = now.plus(MINUTE));
            return new JobPage("campaign " + campaignId + " waits for its offers", 0, 0);
        }
        Set<Long> tracked = tracking.consenting(contacts, campaign.channel);
        Map<String, Map<String, String>> trackedLinks = new HashMap<>();
        List<RecipientEntity> outcomes = new ArrayList<>();
        List<DecisionLedger.Applied> applied = new ArrayList<>();
        List<SendRequest> requests = new ArrayList<>();
        List<RecipientEntity> queued = new ArrayList<>();
        for (RecipientEntity r : page) {
            CapRules.Verdict verdict = verdicts.getOrDefault(r.contactId, CapRules.Verdict.FREE);
            applied.addAll(verdict.applied());
            RecipientEntity outcome = outcome(r);
            if (verdict.heldBecause() != null) {
                outcome.status = RecipientEntity.State.HELD;
                outcome.reason = verdict.heldBecause();
            } else if (verdict.deferredUntil() != null) {
                outcome.deferUntil = verdict.deferredUntil();
            } else if (offered.containsKey(r.id) && offered.get(r.id).heldBecause() != null) {
                outcome.status = RecipientEntity.State.HELD;
                outcome.reason = offered.get(r.id).heldBecause();
            } else {
                BestOffers.Choice choice = offered.get(r.id);
                String template = choice == null ? r.variant : choice.template();
                boolean consented = tracked.contains(r.contactId);
                Map<String, String> variables = new HashMap<>(consented ? tracking.links(campaign, r,
                        trackedLinks.computeIfAbsent(template, v -> TrackedLinks.of(messages, v)), links) : Map.of());
                if (choice != null) {
                    variables.putAll(choice.variables());
                    outcome.offerCode = choice.offerCode();
                }
                requests.add(request(campaign, r, template, variables, consented ? tracking.pixel(campaign, r, links)
                        : null));
                queued.add(outcome);
                outcome.queuedAt = now;
            }
            outcomes.add(outcome);
        }
        queue(campaign, requests, queued, job);
        // The next page when this one's share of the minute is up.
        Duration share = MINUTE.multipliedBy(Math.max(1, page.size())).dividedBy(rate);
        PageStore.store(emf, ledger, job, campaignId, outcomes, applied, now, share);
        Map<String, Long> counts = new LinkedHashMap<>();
        for (RecipientEntity r : outcomes) {
            String kind = r.status == RecipientEntity.State.HELD ? "heldBack" : r.status == RecipientEntity.State.PENDING
                    ? "deferred" : r.status.name().toLowerCase(java.util.Locale.ROOT);
            counts.merge(kind, 1L, Long::sum);
        }
        long last = page.isEmpty() ? 0 : page.get(page.size() - 1).id;
        return new JobPage("campaign " + campaignId + " recipient " + last, page.size(),
                counts.getOrDefault("queued", 0L), counts);
    }

    /** A recipient's new state, not stored yet: pending until the page decides. */
    private static RecipientEntity outcome(RecipientEntity r) {
        RecipientEntity outcome = new RecipientEntity(r.campaignId, r.contactId, r.variant);
        outcome.id = r.id;
        return outcome;
    }

    /**
     * A recipient's message: its unsubscribe link in the text and the one-click header fields.
     *
     * @param template the variant's template, or its fallback for a recipient without an offer
     * @param pixel the open pixel's address for a contact who consented to tracking, else null
     */
    private SendRequest request(CampaignEntity campaign, RecipientEntity r, String template,
            Map<String, String> tracking, String pixel) {
        String url = links.unsubscribe(LinkTokens.token(campaign.secret, r.id, campaign.id, r.contactId));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("List-Unsubscribe", "<" + url + ">");
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        Map<String, String> variables = new HashMap<>(tracking);
        variables.put(CampaignService.UNSUBSCRIBE_VARIABLE, url);
        variables.put(TrackedLinks.PIXEL, ""); // the pixel is the HTML body's last element, not a template's text
        return new SendRequest(r.contactId, campaign.channel, template, campaign.purpose, variables,
                LinkTokens.reference(campaign.secret, r.id), headers, null, pixel);
    }

    /**
     * Queues the page's messages in one transaction of the outbox's, each outcome then queued with
     * its message, held (no address) or failed, with the refusal's reason.
     */
    private void queue(CampaignEntity campaign, List<SendRequest> requests, List<RecipientEntity> outcomes, Job job) {
        if (requests.isEmpty()) {
            return;
        }
        List<SendOutcome> sent = messages.sendAll(requests, "campaign " + campaign.name);
        for (int i = 0; i < sent.size(); i++) {
            RecipientEntity outcome = outcomes.get(i);
            if (!sent.get(i).refused()) {
                outcome.messageId = sent.get(i).message().id();
                outcome.status = RecipientEntity.State.QUEUED;
                continue;
            }
            String reason = sent.get(i).refusal();
            boolean unreachable = reason.contains("cannot reach contact");
            outcome.status = unreachable ? RecipientEntity.State.HELD : RecipientEntity.State.FAILED;
            outcome.reason = unreachable ? Reasons.NO_ADDRESS
                    : Reasons.of(reason.replaceAll("contact(Id)? \\d+", "contact"));
            LOG.debug("Campaign {} recipient {} not queued (job {}): {}", campaign.id, outcome.id, job.id(), reason);
        }
    }

    @Override
    public void boundTo(JobRunner runner) {
        this.runner = runner;
    }
}
