package org.rapport.loyalty.impl;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;
import org.rapport.contacts.api.Channel;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.InteractionEvents;
import org.rapport.loyalty.api.EntryKind;
import org.rapport.loyalty.api.ExpiryRun;
import org.rapport.loyalty.api.PointsEntry;
import org.rapport.loyalty.api.LoyaltyException;
import org.rapport.loyalty.api.LoyaltyService;
import org.rapport.loyalty.api.Member;
import org.rapport.loyalty.api.PurchaseEvent;
import org.rapport.loyalty.api.PurchaseResult;
import org.rapport.loyalty.api.Reconciliation;
import org.rapport.loyalty.api.TierStatistics;
import org.rapport.loyalty.api.Reward;
import org.rapport.loyalty.api.TierChange;
import org.rapport.loyalty.api.TierStanding;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.loyalty.facts.MemberActivity;
import org.rapport.loyalty.facts.Purchase;
import org.rapport.persistence.Transactions;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.Evaluation;
import org.rapport.rules.api.RulesEngine;

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

    static final String ISSUED = "programme:issued";
    static final String REDEEMED = "programme:redeemed";
    static final String EXPIRED = "programme:expired";
    static final String ADJUSTED = "programme:adjusted";

    private static final BigDecimal MAX_AMOUNT = new BigDecimal("100000000");
    private static final long MAX_POINTS = 1_000_000_000L;
    private static final int ATTEMPTS = 5;
    /** Entries whose lines one query reads when a ledger is listed. */
    private static final int LINES_CHUNK = 500;
    /** Clocks of selling systems drift; a purchase this far ahead of ours is still accepted. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin events;

    private final EntityManagerFactory emf;
    private final RulesEngine rules;
    private final DecisionLedger decisionLedger;
    private final ContactService contacts;
    private final Clock clock;
    private final String currency;
    private final int expiryMonths;
    private final String birthDateProperty;

    @Activate
    public LoyaltyServiceImpl(@Reference(target = "(osgi.unit.name=rapport-loyalty)") EntityManagerFactory emf,
            @Reference RulesEngine rules, @Reference DecisionLedger decisionLedger, @Reference ContactService contacts,
            LoyaltyConfig config) {
        this(emf, rules, decisionLedger, contacts, Clock.systemUTC(), config.currency(), config.pointsExpireAfterMonths(),
                config.birthDateProperty());
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
        if (currency == null || !currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("the programme's currency must be an ISO 4217 code such as EUR, not '"
                    + currency + "'");
        }
        if (expiryMonths < 1) {
            throw new IllegalArgumentException("points must expire after at least one month, not " + expiryMonths);
        }
        this.emf = emf;
        this.rules = rules;
        this.decisionLedger = decisionLedger;
        this.contacts = contacts;
        this.clock = clock;
        this.currency = currency;
        this.expiryMonths = expiryMonths;
        this.birthDateProperty = birthDateProperty == null || birthDateProperty.isBlank() ? null : birthDateProperty.strip();
    }

    @Override
    public PurchaseResult recordPurchase(PurchaseEvent purchase, String actor) {
        Instant now = now();
        Contact buyer = buyer(purchase);
        PurchaseEvent event = validate(purchase, buyer.id(), now);
        LocalDate birthDate = birthDateProperty != null && buyer.properties().get(birthDateProperty) instanceof LocalDate born
                ? born : null;
        Instant at = event.occurredAt() == null ? now : event.occurredAt().truncatedTo(ChronoUnit.MILLIS);
        String source = "purchase:" + event.eventId();
        PurchaseResult result = Transactions.retrying(emf, ATTEMPTS, em -> {
            Optional<EntryEntity> booked = Indexed.entryBySource(em, source);
            if (booked.isPresent()) {
                PurchaseEntity first = em.find(PurchaseEntity.class, booked.get().id());
                // Without details (data retention removed them) the entry alone says it was booked.
                if (first != null && !first.sameAs(event)) {
                    throw new LoyaltyException(LoyaltyException.SOURCE_CONFLICT, "eventId", "event " + event.eventId()
                            + " was recorded before with different content (" + first + ")");
                }
                return new PurchaseResult(view(em, booked.get()), member(em, event.contactId()), true);
            }
            MemberEntity member = lockMember(em, event.contactId(), now);
            Purchase fact = new Purchase(event.contactId(), event.eventId(), event.amount(), event.currency(),
                    event.channel(), event.category(), Activities.day(at), member.tier(), birthDate);
            Evaluation evaluation = rules.evaluate(LoyaltyDecisions.RULE_PACKAGE, List.of(fact));
            List<Decision> earned = new ArrayList<>();
            for (Decision decision : evaluation.decisions(LoyaltyDecisions.EARN, event.contactId())) {
                if (!earnedAlready(em, event.contactId(), decision, at)) {
                    earned.add(decision);
                }
            }
            EntryEntity entry = newEntry(em, new EntryEntity(event.contactId(), EntryKind.EARN, source, at, now,
                    actor(actor), null));
            long total = 0;
            long qualifying = 0;
            for (Decision decision : earned) {
                long points = points(decision);
                boolean counts = qualifying(decision);
                credit(em, entry, points, counts, decision);
                total += points;
                qualifying += counts ? points : 0;
            }
            if (total > 0) {
                em.persist(new LineEntity(entry, ISSUED, -total, false));
            }
            entry.total(total, qualifying);
            member.book(total);
            em.persist(new PurchaseEntity(entry.id(), event, at));
            if (!earned.isEmpty()) {
                decisionLedger.record(em, earned, fact.toString());
            }
            MemberActivity activity = decideTier(em, member, now);
            return new PurchaseResult(view(em, entry), member(em, member, activity), false);
        });
        if (!result.replayed()) {
            onTimeline(event, result.entry());
        }
        return result;
    }

    /** Puts the purchase on the contact's timeline, once it is booked, when Event Admin is there. */
    private void onTimeline(PurchaseEvent purchase, PointsEntry entry) {
        EventAdmin admin = events;
        if (admin == null) {
            return;
        }
        Map<String, Object> properties = new java.util.HashMap<>();
        properties.put(InteractionEvents.CONTACT_ID, purchase.contactId());
        properties.put(InteractionEvents.CHANNEL, channel(purchase.channel()).label());
        properties.put(InteractionEvents.DIRECTION, "inbound");
        properties.put(InteractionEvents.TYPE, "purchase");
        properties.put(InteractionEvents.OCCURRED_AT, entry.activityAt().toString());
        properties.put(InteractionEvents.SUMMARY, purchase.amount().toPlainString() + " " + purchase.currency() + ", "
                + entry.points() + " points");
        properties.put(InteractionEvents.SOURCE, "loyalty");
        properties.put(InteractionEvents.PAYLOAD_PREFIX + "event", purchase.eventId());
        // The purchase is on the timeline once, whichever node books it.
        properties.put(InteractionEvents.EVENT_ID, "loyalty.purchase:" + purchase.eventId());
        properties.put(InteractionEvents.PAYLOAD_PREFIX + "entry", Long.toString(entry.id()));
        properties.put(InteractionEvents.PAYLOAD_PREFIX + "amount", purchase.amount().toPlainString());
        if (purchase.currency() != null) {
            properties.put(InteractionEvents.PAYLOAD_PREFIX + "currency", purchase.currency());
        }
        if (purchase.category() != null) {
            properties.put(InteractionEvents.PAYLOAD_PREFIX + "category", purchase.category());
        }
        admin.postEvent(new Event(InteractionEvents.RECORD, properties));
    }

    /** The timeline channel of a selling channel: the contact channels by name, a store in person, else other. */
    static Channel channel(String sellingChannel) {
        if (sellingChannel == null) {
            return Channel.OTHER;
        }
        if (sellingChannel.equalsIgnoreCase("store") || sellingChannel.equalsIgnoreCase("shop")) {
            return Channel.IN_PERSON;
        }
        try {
            return Channel.parse(sellingChannel);
        } catch (IllegalArgumentException e) {
            return Channel.OTHER;
        }
    }

    /** Whose purchase it is: the contact's, or that of the contact it was merged into. */
    private Contact buyer(PurchaseEvent p) {
        if (p == null) {
            throw new IllegalArgumentException("a purchase is required");
        }
        return holder(p.contactId());
    }

    /**
     * Whether a decision to credit points at most {@link LoyaltyDecisions#ONCE} a year or month
     * was carried out for the member in the period of {@code at} already (points its rule credited
     * there, net of reversals).
     */
    private static boolean earnedAlready(EntityManager em, long contactId, Decision decision, Instant at) {
        String once = decision.attribute(LoyaltyDecisions.ONCE);
        if (once == null) {
            return false;
        }
        LocalDate day = Activities.day(at);
        boolean yearly = once.strip().equalsIgnoreCase("year");
        if (!yearly && !once.strip().equalsIgnoreCase("month")) {
            throw new IllegalStateException("rule \"" + decision.rule() + "\" decided " + LoyaltyDecisions.EARN
                    + " with '" + LoyaltyDecisions.ONCE + "' = '" + once + "'; it is year or month");
        }
        LocalDate start = yearly ? day.withDayOfYear(1) : day.withDayOfMonth(1);
        LocalDate end = yearly ? start.plusYears(1) : start.plusMonths(1);
        return Indexed.pointsByRule(em, contactId, decision.rule(), start.atStartOfDay(ZoneOffset.UTC).toInstant(),
                end.atStartOfDay(ZoneOffset.UTC).toInstant()) > 0;
    }

    private PurchaseEvent validate(PurchaseEvent p, long holder, Instant now) {
        String eventId = required("eventId", p.eventId(), 100);
        BigDecimal amount = p.amount();
        if (amount == null || amount.signum() <= 0 || amount.compareTo(MAX_AMOUNT) >= 0) {
            throw new IllegalArgumentException("amount must be positive and below " + MAX_AMOUNT.toPlainString()
                    + ", was " + (amount == null ? "missing" : amount.toPlainString()));
        }
        if (amount.stripTrailingZeros().scale() > 2) {
            throw new IllegalArgumentException("amount " + amount.toPlainString() + " has more than two decimals");
        }
        String code = p.currency() == null || p.currency().isBlank() ? currency : p.currency().trim().toUpperCase(Locale.ROOT);
        if (!code.equals(currency)) {
            throw new IllegalArgumentException("currency " + code + " is not the programme's currency " + currency);
        }
        if (p.occurredAt() != null && p.occurredAt().isAfter(now.plus(CLOCK_SKEW))) {
            throw new IllegalArgumentException("occurredAt " + p.occurredAt() + " is in the future");
        }
        return new PurchaseEvent(holder, eventId, amount, code, optional("channel", p.channel(), 60),
                optional("category", p.category(), 60), p.occurredAt());
    }

    @Override
    public Optional<Member> member(long contactId) {
        return Optional.ofNullable(Transactions.read(emf, em -> member(em, contactId)));
    }

    private Member member(EntityManager em, long contactId) {
        MemberEntity m = em.find(MemberEntity.class, contactId);
        return m == null ? null : member(em, m, Activities.of(em, m, now()));
    }

    /** The member's standing, on {@code activity} already read in this transaction. */
    private static Member member(EntityManager em, MemberEntity m, MemberActivity activity) {
        long contactId = m.contactId();
        Map<LocalDate, Long> expiring = new TreeMap<>();
        Indexed.openLots(em, contactId).forEach(lot -> expiring.merge(lot.expiresOn(), lot.remaining(), Long::sum));
        List<Member.Expiring> soonest = new ArrayList<>();
        expiring.forEach((day, points) -> soonest.add(new Member.Expiring(day, points)));
        return new Member(contactId, m.balance(), activity.getQualifyingPoints(), activity.getSpendLast12Months(),
                activity.getPurchasesLast12Months(), m.tier(), m.tierRule(), m.tierRelease(), m.tierSince(),
                m.atRiskSince(), soonest, m.joinedAt());
    }

    @Override
    public List<PointsEntry> ledger(long contactId, int limit) {
        return Transactions.read(emf, em -> {
            List<EntryEntity> entries = em.createQuery("select e from EntryEntity e where e.contactId = :contact "
                    + "order by e.id desc", EntryEntity.class)
                    .setParameter("contact", contactId).setMaxResults(Math.max(1, limit)).getResultList();
            // The entries' lines are read a chunk of entries at a time, not one query per entry.
            Map<Long, List<PointsEntry.Line>> lines = new java.util.HashMap<>();
            for (int from = 0; from < entries.size(); from += LINES_CHUNK) {
                List<Long> ids = entries.subList(from, Math.min(entries.size(), from + LINES_CHUNK)).stream()
                        .map(EntryEntity::id).toList();
                em.createQuery("select l from LineEntity l where l.entryId in :ids order by l.id", LineEntity.class)
                        .setParameter("ids", ids).getResultList()
                        .forEach(l -> lines.computeIfAbsent(l.entryId(), k -> new ArrayList<>()).add(l.toLine()));
            }
            return entries.stream().map(e -> view(e, lines.getOrDefault(e.id(), List.of()))).toList();
        });
    }

    @Override
    public Optional<PointsEntry> entry(long entryId) {
        return Transactions.read(emf, em -> Optional.ofNullable(em.find(EntryEntity.class, entryId))
                .map(e -> view(em, e)));
    }

    @Override
    public PointsEntry redeem(long contactId, String rewardCode, String requestId, String actor) {
        String code = required("reward", rewardCode, 40).toUpperCase(Locale.ROOT);
        String source = "redemption:" + required("requestId", requestId, 100);
        Instant now = now();
        return Transactions.retrying(emf, ATTEMPTS, em -> {
            Optional<EntryEntity> booked = Indexed.entryBySource(em, source);
            if (booked.isPresent()) {
                return replay(em, booked.get(), contactId, code, "requestId");
            }
            MemberEntity member = em.find(MemberEntity.class, contactId, LockModeType.PESSIMISTIC_WRITE);
            if (member == null) {
                requireContact(contactId);
                throw new LoyaltyException(LoyaltyException.INSUFFICIENT_POINTS, "contactId", "contact " + contactId
                        + " is not a loyalty member and has no points");
            }
            RewardEntity reward = em.find(RewardEntity.class, code, LockModeType.PESSIMISTIC_WRITE);
            if (reward == null || reward.unavailable() != null) {
                throw new LoyaltyException(LoyaltyException.REWARD_UNAVAILABLE, "reward",
                        reward == null ? "there is no reward " + code : reward.unavailable());
            }
            if (member.balance() < reward.points()) {
                throw new LoyaltyException(LoyaltyException.INSUFFICIENT_POINTS, "reward", "reward " + code + " costs "
                        + reward.points() + " points; member " + contactId + " has " + member.balance());
            }
            EntryEntity entry = newEntry(em, new EntryEntity(contactId, EntryKind.REDEEM, source, now, now,
                    actor(actor), null).forReward(code));
            debit(em, entry, member, reward.points(), REDEEMED);
            reward.takeOne();
            return view(em, entry);
        });
    }

    @Override
    public PointsEntry adjust(long contact, long points, String reason, String requestId, String actor) {
        if (points == 0 || Math.abs(points) > MAX_POINTS) {
            throw new IllegalArgumentException("points must be a whole number other than 0, at most " + MAX_POINTS
                    + " either way, was " + points);
        }
        String why = required("reason", reason, 500);
        String source = "adjustment:" + required("requestId", requestId, 100);
        long contactId = holder(contact).id();
        Instant now = now();
        return Transactions.retrying(emf, ATTEMPTS, em -> {
            Optional<EntryEntity> booked = Indexed.entryBySource(em, source);
            if (booked.isPresent()) {
                EntryEntity e = booked.get();
                if (e.contactId() != contactId || e.points() != points || !why.equals(e.note())) {
                    throw new LoyaltyException(LoyaltyException.SOURCE_CONFLICT, "requestId", "request " + requestId
                            + " was booked before as entry " + e.id() + " with different content");
                }
                return view(em, e);
            }
            MemberEntity member = lockMember(em, contactId, now);
            EntryEntity entry = newEntry(em, new EntryEntity(contactId, EntryKind.ADJUST, source, now, now,
                    actor(actor), why));
            if (points > 0) {
                credit(em, entry, points, false, null);
                em.persist(new LineEntity(entry, ADJUSTED, -points, false));
                entry.total(points, 0);
                member.book(points);
            } else {
                if (member.balance() < -points) {
                    throw new LoyaltyException(LoyaltyException.INSUFFICIENT_POINTS, "points", "member " + contactId
                            + " has " + member.balance() + " points; " + -points + " cannot be debited");
                }
                debit(em, entry, member, -points, ADJUSTED);
            }
            return view(em, entry);
        });
    }

    @Override
    public PointsEntry reverse(long entryId, String reason, String actor) {
        String why = required("reason", reason, 500);
        Instant now = now();
        return Transactions.retrying(emf, ATTEMPTS, em -> {
            EntryEntity original = em.find(EntryEntity.class, entryId);
            if (original == null) {
                throw new IllegalArgumentException("there is no ledger entry " + entryId);
            }
            MemberEntity member = em.find(MemberEntity.class, original.contactId(), LockModeType.PESSIMISTIC_WRITE);
            Optional<EntryEntity> earlier = Indexed.entryBySource(em, "reversal:" + entryId);
            if (earlier.isPresent()) {
                throw new LoyaltyException(LoyaltyException.NOT_REVERSIBLE, "entryId", "entry " + entryId
                        + " was reversed by entry " + earlier.get().id());
            }
            if (original.kind() == EntryKind.REVERSE || original.kind() == EntryKind.EXPIRE
                    || original.kind() == EntryKind.TRANSFER) {
                throw new LoyaltyException(LoyaltyException.NOT_REVERSIBLE, "entryId", "entry " + entryId + " is "
                        + switch (original.kind()) {
                            case REVERSE -> "a reversal";
                            case EXPIRE -> "an expiry";
                            default -> "a transfer of a merge (undo the merge instead)";
                        } + " and cannot be reversed; adjust the member's points instead");
            }
            EntryEntity reversal = newEntry(em, new EntryEntity(original.contactId(), EntryKind.REVERSE,
                    "reversal:" + entryId, original.activityAt(), now, actor(actor), why).reversing(entryId));
            List<LineEntity> lines = Indexed.lines(em, entryId);
            if (original.points() > 0) {
                List<LotEntity> lots = Lots.createdBy(em, entryId);
                long spent = lots.stream().mapToLong(l -> l.points() - l.remaining()).sum();
                if (spent > 0) {
                    throw new LoyaltyException(LoyaltyException.NOT_REVERSIBLE, "entryId", spent + " of the "
                            + original.points() + " points of entry " + entryId + " are spent or expired; reverse "
                            + "the redemptions first, or adjust the member's points instead");
                }
                for (LotEntity lot : lots) {
                    em.persist(new LotUseEntity(reversal.id(), lot.lineId(), lot.take(lot.remaining())));
                }
            } else if (original.points() < 0) {
                Lots.giveBack(em, entryId);
            }
            for (LineEntity line : lines) {
                em.persist(new LineEntity(reversal, line.account(), -line.points(), line.qualifying()).decidedLike(line));
            }
            reversal.total(-original.points(), -original.qualifyingPoints());
            member.book(-original.points());
            if (original.reward() != null) {
                RewardEntity reward = em.find(RewardEntity.class, original.reward(), LockModeType.PESSIMISTIC_WRITE);
                if (reward != null) {
                    reward.putBack();
                }
            }
            if (original.qualifyingPoints() != 0) {
                decideTier(em, member, now);
            }
            return view(em, reversal);
        });
    }

    @Override
    public List<TierChange> tierHistory(long contactId) {
        return Transactions.read(emf, em -> em.createQuery("select t from TierChangeEntity t where t.contactId = :contact "
                + "order by t.id desc", TierChangeEntity.class).setParameter("contact", contactId).getResultList()
                .stream().map(TierChangeEntity::toChange).toList());
    }

    @Override
    public Map<Long, TierStanding> tiers(Collection<Long> contactIds) {
        if (contactIds.isEmpty()) {
            return Map.of();
        }
        return Transactions.read(emf, em -> {
            Map<Long, String> previous = new HashMap<>();
            // Newest change first: the first one seen per member is the last change.
            for (Object[] row : em.createQuery("select t.contactId, t.fromTier from TierChangeEntity t "
                    + "where t.contactId in :ids order by t.id desc", Object[].class).setParameter("ids", contactIds)
                    .getResultList()) {
                previous.putIfAbsent((Long) row[0], (String) row[1]);
            }
            Map<Long, TierStanding> tiers = new HashMap<>();
            for (Object[] row : em.createQuery("select m.contactId, m.tier, m.tierSince from MemberEntity m "
                    + "where m.contactId in :ids and m.tier is not null", Object[].class).setParameter("ids", contactIds)
                    .getResultList()) {
                long id = (Long) row[0];
                tiers.put(id, new TierStanding(id, (String) row[1], (Instant) row[2], previous.get(id)));
            }
            return tiers;
        });
    }

    @Override
    public ExpiryRun expirePoints(Instant asOf) {
        LocalDate day = Activities.day(asOf);
        Instant now = now();
        List<Long> due = Transactions.read(emf, em -> em.createQuery("select distinct l.contactId from LotEntity l "
                + "where l.expiresOn <= :day and l.remaining > 0 order by l.contactId", Long.class)
                .setParameter("day", day).getResultList());
        int members = 0;
        long points = 0;
        for (long contactId : due) {
            long expired = Transactions.retrying(emf, ATTEMPTS, em -> expire(em, contactId, day, now));
            members += expired > 0 ? 1 : 0;
            points += expired;
        }
        return new ExpiryRun(asOf, members, points);
    }

    private long expire(EntityManager em, long contactId, LocalDate day, Instant now) {
        MemberEntity member = em.find(MemberEntity.class, contactId, LockModeType.PESSIMISTIC_WRITE);
        String source = "expiry:" + contactId + ":" + day;
        if (member == null || Indexed.entryBySource(em, source).isPresent()) {
            return 0;
        }
        List<LotEntity> lots = Indexed.openLots(em, contactId).stream().filter(l -> !l.expiresOn().isAfter(day)).toList();
        long points = lots.stream().mapToLong(LotEntity::remaining).sum();
        if (points == 0) {
            return 0;
        }
        EntryEntity entry = newEntry(em, new EntryEntity(contactId, EntryKind.EXPIRE, source, now, now, "system",
                "points that expired on or before " + day));
        for (LotEntity lot : lots) {
            em.persist(new LotUseEntity(entry.id(), lot.lineId(), lot.take(lot.remaining())));
        }
        em.persist(new LineEntity(entry, PointsEntry.Line.MEMBER, -points, false));
        em.persist(new LineEntity(entry, EXPIRED, points, false));
        entry.total(-points, 0);
        member.book(-points);
        return points;
    }

    @Override
    public List<Reward> rewards() {
        return Transactions.read(emf, em -> em.createQuery("select r from RewardEntity r order by r.code",
                RewardEntity.class).getResultList().stream().map(RewardEntity::toReward).toList());
    }

    @Override
    public Reward saveReward(Reward reward) {
        if (reward == null) {
            throw new IllegalArgumentException("a reward is required");
        }
        String code = required("code", reward.code(), 40).toUpperCase(Locale.ROOT);
        if (!code.matches("[A-Z0-9][A-Z0-9_-]*")) {
            throw new IllegalArgumentException("code '" + reward.code() + "' may hold only letters, digits, '-' and '_'");
        }
        String name = required("name", reward.name(), 200);
        if (reward.points() < 1 || reward.points() > MAX_POINTS) {
            throw new IllegalArgumentException("points: a reward costs from 1 to " + MAX_POINTS + " points, not "
                    + reward.points());
        }
        if (reward.stock() != null && reward.stock() < 0) {
            throw new IllegalArgumentException("stock: cannot be negative (" + reward.stock() + "); leave it out for unlimited");
        }
        Reward clean = new Reward(code, name, reward.points(), reward.stock(), reward.active());
        return Transactions.retrying(emf, ATTEMPTS, em -> {
            RewardEntity entity = em.find(RewardEntity.class, code, LockModeType.PESSIMISTIC_WRITE);
            if (entity == null) {
                entity = new RewardEntity(code);
                entity.set(clean);
                em.persist(entity);
            } else {
                entity.set(clean);
            }
            return entity.toReward();
        });
    }

    @Override
    public TierStatistics tierStatistics(YearMonth from, YearMonth to) {
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("the months run from " + from + " to " + to + ": from is after to");
        }
        Instant start = from.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant end = to.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Transactions.read(emf, em -> {
            Map<String, Long> members = new TreeMap<>();
            long withoutTier = 0;
            for (Object[] row : em.createQuery("select m.tier, count(m) from MemberEntity m group by m.tier",
                    Object[].class).getResultList()) {
                long count = ((Number) row[1]).longValue();
                if (row[0] == null) {
                    withoutTier += count;
                } else {
                    members.put((String) row[0], count);
                }
            }
            // One pass over the period's changes; months are counted here, as SQL has no portable month.
            record Move(YearMonth month, String fromTier, String toTier) {
            }
            Map<Move, Long> moves = new HashMap<>();
            em.createQuery("select t.changedAt, t.fromTier, t.toTier from TierChangeEntity t "
                    + "where t.changedAt >= :start and t.changedAt < :end", Object[].class)
                    .setParameter("start", start).setParameter("end", end).getResultList()
                    .forEach(r -> moves.merge(new Move(YearMonth.from(((Instant) r[0]).atZone(ZoneOffset.UTC)),
                            (String) r[1], (String) r[2]), 1L, Long::sum));
            List<TierStatistics.Movement> movements = moves.entrySet().stream()
                    .map(e -> new TierStatistics.Movement(e.getKey().month(), e.getKey().fromTier(),
                            e.getKey().toTier(), e.getValue()))
                    .sorted(Comparator.comparing(TierStatistics.Movement::month)
                            .thenComparing(m -> String.valueOf(m.fromTier()))
                            .thenComparing(TierStatistics.Movement::toTier))
                    .toList();
            return new TierStatistics(members, withoutTier, movements);
        });
    }

    @Override
    public Reconciliation reconcile() {
        return Transactions.read(emf, em -> {
            List<String> problems = new ArrayList<>();
            em.createQuery("select l.entryId, sum(l.points) from LineEntity l group by l.entryId "
                    + "having sum(l.points) <> 0", Object[].class).getResultList()
                    .forEach(r -> problems.add("entry " + r[0] + ": its lines sum to " + r[1] + ", not 0"));
            Map<Long, Long> lines = sums(em, "select l.contactId, sum(l.points) from LineEntity l "
                    + "where l.account = '" + PointsEntry.Line.MEMBER + "' group by l.contactId");
            Map<Long, Long> lots = sums(em, "select l.contactId, sum(l.remaining) from LotEntity l group by l.contactId");
            Map<Long, Long> balances = sums(em, "select m.contactId, m.balance from MemberEntity m");
            Set<Long> all = new HashSet<>(balances.keySet());
            all.addAll(lines.keySet());
            long outstanding = 0;
            for (long id : new java.util.TreeSet<>(all)) {
                long balance = balances.getOrDefault(id, 0L);
                long sum = lines.getOrDefault(id, 0L);
                long left = lots.getOrDefault(id, 0L);
                outstanding += sum;
                if (balance != sum) {
                    problems.add("member " + id + ": balance " + balance + " but ledger lines sum to " + sum);
                }
                if (left != sum) {
                    problems.add("member " + id + ": ledger lines sum to " + sum + " but unspent credits hold " + left);
                }
                if (balance < 0) {
                    problems.add("member " + id + ": negative balance " + balance);
                }
            }
            long entries = em.createQuery("select count(e) from EntryEntity e", Long.class).getSingleResult();
            return new Reconciliation((int) entries, balances.size(), outstanding, problems);
        });
    }

    private static Map<Long, Long> sums(EntityManager em, String query) {
        Map<Long, Long> sums = new java.util.HashMap<>();
        em.createQuery(query, Object[].class).getResultList()
                .forEach(r -> sums.put((Long) r[0], ((Number) r[1]).longValue()));
        return sums;
    }

    /** Lets the rules decide the member's tier on their activity now; returns that activity. */
    private MemberActivity decideTier(EntityManager em, MemberEntity member, Instant now) {
        return Tiers.decide(em, rules, decisionLedger, member, now);
    }

    /** The member's row, locked for this transaction; created (joined now) if the contact is not a member yet. */
    private static MemberEntity lockMember(EntityManager em, long contactId, Instant now) {
        MemberEntity member = em.find(MemberEntity.class, contactId, LockModeType.PESSIMISTIC_WRITE);
        if (member == null) {
            // A concurrent first booking for the same contact makes one of the two inserts fail; it is retried.
            member = new MemberEntity(contactId, now);
            em.persist(member);
            em.flush();
        }
        return member;
    }

    /** Writes a new entry at once, so that its id is there for its lines. */
    static EntryEntity newEntry(EntityManager em, EntryEntity entry) {
        em.persist(entry);
        em.flush();
        return entry;
    }

    private void credit(EntityManager em, EntryEntity entry, long points, boolean qualifying, Decision decision) {
        LocalDate expiresOn = Activities.day(entry.activityAt()).plusMonths(expiryMonths);
        LineEntity line = new LineEntity(entry, PointsEntry.Line.MEMBER, points, qualifying).expiringOn(expiresOn);
        if (decision != null) {
            line.decidedBy(decision);
        }
        em.persist(line);
        em.flush();
        em.persist(new LotEntity(line, entry.contactId(), expiresOn));
    }

    private static void debit(EntityManager em, EntryEntity entry, MemberEntity member, long points, String account) {
        Lots.take(em, member.contactId(), entry.id(), points);
        em.persist(new LineEntity(entry, PointsEntry.Line.MEMBER, -points, false));
        em.persist(new LineEntity(entry, account, points, false));
        entry.total(-points, 0);
        member.book(-points);
    }

    private PointsEntry replay(EntityManager em, EntryEntity booked, long contactId, String reward, String field) {
        if (booked.contactId() != contactId || !reward.equals(booked.reward())) {
            throw new LoyaltyException(LoyaltyException.SOURCE_CONFLICT, field, booked.source()
                    + " was booked before as entry " + booked.id() + " for contact " + booked.contactId()
                    + " and reward " + booked.reward());
        }
        return view(em, booked);
    }

    private static PointsEntry view(EntityManager em, EntryEntity e) {
        return view(e, Indexed.lines(em, e.id()).stream().map(LineEntity::toLine).toList());
    }

    private static PointsEntry view(EntryEntity e, List<PointsEntry.Line> lines) {
        return new PointsEntry(e.id(), e.contactId(), e.kind(), e.points(), e.qualifyingPoints(), e.source(),
                e.activityAt(), e.recordedAt(), e.actor(), e.note(), e.reverses(), e.reward(), lines);
    }

    private static long points(Decision decision) {
        String value = decision.attribute(LoyaltyDecisions.POINTS);
        long points;
        try {
            points = Long.parseLong(value == null ? "" : value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException("rule \"" + decision.rule() + "\" decided " + LoyaltyDecisions.EARN
                    + " with '" + LoyaltyDecisions.POINTS + "' = '" + value + "', not a whole number");
        }
        if (points < 1 || points > MAX_POINTS) {
            throw new IllegalStateException("rule \"" + decision.rule() + "\" decided " + LoyaltyDecisions.EARN
                    + " of " + points + " points; a rule earns from 1 to " + MAX_POINTS);
        }
        return points;
    }

    private static boolean qualifying(Decision decision) {
        String value = decision.attribute(LoyaltyDecisions.QUALIFYING);
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw new IllegalStateException("rule \"" + decision.rule() + "\" decided " + LoyaltyDecisions.EARN + " with '"
                + LoyaltyDecisions.QUALIFYING + "' = '" + value + "'; it is true or false");
    }

    private void requireContact(long contactId) {
        if (contacts.find(contactId).isEmpty()) {
            throw new IllegalArgumentException("contact " + contactId + " does not exist");
        }
    }

    /**
     * The contact whose account a purchase for {@code contactId} goes to: the contact itself, or
     * the contact it was merged into (its points moved there).
     */
    private Contact holder(long contactId) {
        long id = contactId;
        for (int hops = 0; ; hops++) {
            long current = id;
            Contact contact = contacts.find(current).orElseThrow(() -> new IllegalArgumentException("contact " + current
                    + " does not exist"));
            if (contact.mergedInto() == null || hops == 10) {
                return contact;
            }
            id = contact.mergedInto();
        }
    }

    private static String required(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return optional(field, value, max);
    }

    private static String optional(String field, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.length() > max) {
            throw new IllegalArgumentException(field + " is longer than " + max + " characters");
        }
        return v;
    }

    private static String actor(String actor) {
        return actor == null || actor.isBlank() ? "system" : actor.length() > 120 ? actor.substring(0, 120) : actor;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
