package org.rapport.loyalty.impl;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;
import org.rapport.loyalty.api.ExpiryRun;
import org.rapport.loyalty.api.PointsEntry;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.loyalty.api.Member;
import org.rapport.loyalty.api.PurchaseEvent;
import org.rapport.loyalty.api.PurchaseHistory;
import org.rapport.loyalty.api.Spending;
import org.rapport.loyalty.api.PurchaseResult;
import org.rapport.loyalty.api.Reconciliation;
import org.rapport.loyalty.api.TierStatistics;
import org.rapport.loyalty.api.Reward;
import org.rapport.loyalty.api.TierChange;
import org.rapport.loyalty.api.TierStanding;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.RulesEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The points ledger. Every booking locks the member's row first, checks its source has not been
 * booked, writes the entry with lines that sum to zero, moves lots and the balance, and lets
 * the rules decide the tier, all in one transaction; a transaction that lost a race to a
 * concurrent one is run again from the start ({@link Transactions#retrying}). A booked purchase
 * is posted to the contact's timeline (an interaction of type {@code purchase}).
 */
@Component(service = LoyaltyService.class, configurationPid = LoyaltyConfig.PID)
@Designate(ocd = LoyaltyConfig.class)
public class LoyaltyServiceImpl implements LoyaltyService {

    private static final Logger LOG = LoggerFactory.getLogger(LoyaltyServiceImpl.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    private final Clock clock;
    private volatile String birthDateProperty;
    private final Holders holders;
    private volatile PurchaseBooking purchases;
    private final LedgerReads reads;
    private final EntityManagerFactory emf;
    private final Rewards rewards;
    private volatile Corrections corrections;
    private final RulesEngine rules;
    private final DecisionLedger decisionLedger;
    private final PointsExpiry expiry;
    private final TierReports tierReports;
    private final Reconciler reconciler;
    private final TierConsent tierConsent;

    @Activate
    public LoyaltyServiceImpl(@Reference(target = "(osgi.unit.name=rapport-loyalty)") EntityManagerFactory emf,
            @Reference RulesEngine rules, @Reference DecisionLedger decisionLedger, @Reference ContactService contacts,
            LoyaltyConfig config) {
        this(emf, rules, decisionLedger, contacts, Clock.systemUTC(), config.currency(), config.pointsExpireAfterMonths(),
                config.birthDateProperty(), new TierConsent(null, config.tierProfilingPurpose()));
    }

    /** A programme in {@code currency}, reading time from {@code clock}: for tests and for embedding. */
    public LoyaltyServiceImpl(EntityManagerFactory emf, RulesEngine rules, DecisionLedger decisionLedger,
            ContactService contacts, Clock clock, String currency, int expiryMonths) {
        this(emf, rules, decisionLedger, contacts, clock, currency, expiryMonths, "birthDate");
    }

    /**
     * As above, with members' dates of birth read from the contact property {@code birthDateProperty}
     * (null or empty for none).
     */
    public LoyaltyServiceImpl(EntityManagerFactory emf, RulesEngine rules, DecisionLedger decisionLedger,
            ContactService contacts, Clock clock, String currency, int expiryMonths, String birthDateProperty) {
        this(emf, rules, decisionLedger, contacts, clock, currency, expiryMonths, birthDateProperty, TierConsent.none());
    }

    /** As above, deciding tiers only where {@code tierConsent} allows. */
    LoyaltyServiceImpl(EntityManagerFactory emf, RulesEngine rules, DecisionLedger decisionLedger,
            ContactService contacts, Clock clock, String currency, int expiryMonths, String birthDateProperty,
            TierConsent tierConsent) {
        this.clock = clock;
        this.holders = new Holders(contacts);
        this.tierConsent = tierConsent;
        this.rules = rules;
        this.decisionLedger = decisionLedger;
        this.reads = new LedgerReads(emf);
        this.emf = emf;
        this.rewards = new Rewards(emf, holders);
        programme(currency, expiryMonths, birthDateProperty);
        this.expiry = new PointsExpiry(emf);
        this.tierReports = new TierReports(emf);
        this.reconciler = new Reconciler(emf);
    }

    /**
     * New settings while running: the service stays registered, so the loyalty REST resources and what else
     * holds it stay. A bad value is refused, naming its key, and the previous settings go on.
     */
    @Modified
    void modified(LoyaltyConfig config) {
        try {
            programme(config.currency(), config.pointsExpireAfterMonths(), config.birthDateProperty());
        } catch (IllegalArgumentException refused) {
            LOG.error("New settings of etc/{}.cfg refused, the previous ones still apply: {}", LoyaltyConfig.PID,
                    refused.getMessage());
            return;
        }
        tierConsent.purpose(config.tierProfilingPurpose());
    }

    /** Checks the programme's settings, then makes what books and corrects points with them. */
    private synchronized void programme(String currency, int expiryMonths, String birthDate) {
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency: the programme's currency must be an ISO 4217 code such as EUR, "
                    + "not '" + currency + "'");
        }
        if (expiryMonths < 1) {
            throw new IllegalArgumentException("pointsExpireAfterMonths: points must expire after at least one month, not "
                    + expiryMonths);
        }
        this.purchases = new PurchaseBooking(emf, rules, decisionLedger, currency, expiryMonths, tierConsent);
        this.corrections = new Corrections(emf, rules, decisionLedger, holders, expiryMonths, tierConsent);
        this.birthDateProperty = birthDate == null || birthDate.isBlank() ? null : birthDate.strip();
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unbindGate")
    void bindGate(ConsentGate gate) {
        tierConsent.bind(gate);
    }

    void unbindGate(ConsentGate gate) {
        tierConsent.unbind(gate);
    }

    @Override
    public PurchaseResult recordPurchase(PurchaseEvent purchase, String actor) {
        Instant now = now();
        PurchaseBooking.Checked checked = checked(purchase, now);
        PurchaseResult result = purchases.book(checked.event(), checked.birthDate(), now, actor);
        if (!result.replayed()) {
            PurchaseTimeline.post(events, checked.event(), result.entry());
        }
        return result;
    }

    @Override
    public List<PurchaseResult> recordPurchases(List<PurchaseEvent> batch, String actor) {
        Instant now = now();
        List<PurchaseBooking.Checked> checked = new ArrayList<>(batch.size());
        // The buyers read in one call; one that is not there is refused as recordPurchase refuses it.
        Map<Long, Contact> buyers = holders.holders(batch.stream().filter(Objects::nonNull)
                .map(PurchaseEvent::contactId).toList());
        for (PurchaseEvent purchase : batch) {
            Contact buyer = purchase == null ? null : buyers.get(purchase.contactId());
            checked.add(buyer == null ? checked(purchase, now) : checked(purchase, buyer, now));
        }
        List<PurchaseResult> results = purchases.bookAll(checked, now, actor);
        for (int i = 0; i < results.size(); i++) {
            if (!results.get(i).replayed()) {
                PurchaseTimeline.post(events, checked.get(i).event(), results.get(i).entry());
            }
        }
        return results;
    }

    /** The purchase as it is booked for its holder, with the holder's date of birth for the rules, or why it cannot be. */
    private PurchaseBooking.Checked checked(PurchaseEvent purchase, Instant now) {
        return checked(purchase, buyer(purchase), now);
    }

    private PurchaseBooking.Checked checked(PurchaseEvent purchase, Contact buyer, Instant now) {
        PurchaseEvent event = purchases.validate(purchase, buyer.id(), now);
        LocalDate birthDate = birthDateProperty != null && buyer.properties().get(birthDateProperty) instanceof LocalDate born
                ? born : null;
        return new PurchaseBooking.Checked(event, birthDate);
    }

    /** Whose purchase it is: the contact's, or that of the contact it was merged into. */
    private Contact buyer(PurchaseEvent p) {
        if (p == null) {
            throw new IllegalArgumentException("a purchase is required");
        }
        return holders.holder(p.contactId());
    }

    @Override
    public Optional<Member> member(long contactId) {
        return reads.member(contactId, now());
    }

    @Override
    public Optional<Spending> spending(long contactId) {
        return reads.spending(contactId, now());
    }

    @Override
    public PurchaseHistory purchaseHistory(long contactId) {
        return Transactions.read(emf, em -> PurchaseLineStore.history(em, contactId));
    }

    @Override
    public List<PointsEntry> ledger(long contactId, int limit) {
        return reads.ledger(contactId, limit);
    }

    @Override
    public Optional<PointsEntry> entry(long entryId) {
        return reads.entry(entryId);
    }

    @Override
    public PointsEntry redeem(long contactId, String rewardCode, String requestId, String actor) {
        return rewards.redeem(contactId, rewardCode, requestId, actor, now());
    }

    @Override
    public PointsEntry adjust(long contact, long points, String reason, String requestId, String actor) {
        return corrections.adjust(contact, points, reason, requestId, actor, now());
    }

    @Override
    public PointsEntry reverse(long entryId, String reason, String actor) {
        return corrections.reverse(entryId, reason, actor, now());
    }

    @Override
    public List<TierChange> tierHistory(long contactId) {
        return tierReports.history(contactId);
    }

    @Override
    public Map<Long, TierStanding> tiers(Collection<Long> contactIds) {
        return tierReports.tiers(contactIds);
    }

    @Override
    public ExpiryRun expirePoints(Instant asOf) {
        return expiry.expire(asOf, now());
    }

    @Override
    public List<Reward> rewards() {
        return rewards.all();
    }

    @Override
    public Reward saveReward(Reward reward) {
        return rewards.save(reward);
    }

    @Override
    public TierStatistics tierStatistics(YearMonth from, YearMonth to) {
        return tierReports.statistics(from, to);
    }

    @Override
    public Reconciliation reconcile() {
        return reconciler.reconcile();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
