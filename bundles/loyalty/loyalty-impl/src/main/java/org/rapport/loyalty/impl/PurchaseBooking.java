package org.rapport.loyalty.impl;

import static org.rapport.loyalty.impl.Inputs.MAX_POINTS;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.rapport.loyalty.api.EntryKind;
import org.rapport.loyalty.api.LoyaltyException;
import org.rapport.loyalty.api.PointsEntry;
import org.rapport.loyalty.api.PurchaseEvent;
import org.rapport.loyalty.api.PurchaseResult;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.loyalty.facts.MemberActivity;
import org.rapport.loyalty.facts.Purchase;
import org.rapport.persistence.Transactions;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.Evaluation;
import org.rapport.rules.api.RulesEngine;

/**
 * Books a purchase: checks it, lets the rules decide the points it earns, credits them and lets
 * the rules decide the tier, in one transaction with the domain events {@code purchase.booked} and
 * {@code tier.changed}; a purchase booked before is answered as it was.
 */
final class PurchaseBooking {

    private static final BigDecimal MAX_AMOUNT = new BigDecimal("100000000");
    /** Clocks of selling systems drift; a purchase this far ahead of ours is still accepted. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final EntityManagerFactory emf;
    private final RulesEngine rules;
    private final DecisionLedger decisionLedger;
    private final String currency;
    private final int expiryMonths;
    private final TierConsent tierConsent;

    PurchaseBooking(EntityManagerFactory emf, RulesEngine rules, DecisionLedger decisionLedger, String currency,
            int expiryMonths, TierConsent tierConsent) {
        this.tierConsent = tierConsent;
        this.emf = emf;
        this.rules = rules;
        this.decisionLedger = decisionLedger;
        this.currency = currency;
        this.expiryMonths = expiryMonths;
    }

    /**
     * Books {@code event}, already {@linkplain #validate checked}, for its holder.
     *
     * @param birthDate the member's date of birth for the rules, or null
     */
    PurchaseResult book(PurchaseEvent event, LocalDate birthDate, Instant now, String actor) {
        return Transactions.retrying(emf, Postings.ATTEMPTS, em -> bookIn(em, event, birthDate, now, actor, true, null));
    }

    /** A purchase to book in a batch: checked, with its member's date of birth for the rules, or null. */
    record Checked(PurchaseEvent event, LocalDate birthDate) {
    }

    /**
     * Books the purchases, already {@linkplain #validate checked}, in this order in one
     * transaction: all of them, or none when one cannot be booked. The members are locked first,
     * in the order of their ids, so that two batches about the same members wait for one another
     * rather than deadlock. Which of them were booked before is asked once for the whole batch
     * ({@link Indexed#bookedSources}); only those, and an event id sent twice in the batch, are
     * looked up one by one to be answered as they were booked. The members' activity, which the
     * tier rules decide on after each purchase, and the points of their lots by the day they
     * expire, which the standing answered shows, are read once for the batch and carried from one
     * purchase to the next ({@link Activities#running}, {@link LedgerReads#expiring(EntityManager, List)}).
     */
    List<PurchaseResult> bookAll(List<Checked> purchases, Instant now, String actor) {
        return Transactions.retrying(emf, Postings.ATTEMPTS, em -> {
            List<MemberEntity> members = purchases.stream().mapToLong(p -> p.event().contactId()).sorted().distinct()
                    .mapToObj(member -> Postings.lockMember(em, member, now)).toList();
            Set<String> bookedBefore = Indexed.bookedSources(em, purchases.stream().map(p -> source(p.event())).toList());
            // The activity of the members with a purchase to book: those booked before are answered as they were.
            Set<Long> buying = new HashSet<>();
            purchases.stream().filter(p -> !bookedBefore.contains(source(p.event())))
                    .forEach(p -> buying.add(p.event().contactId()));
            Activities.Running activity = Activities.running(em, members.stream()
                    .filter(m -> buying.contains(m.contactId())).toList(), now);
            // Their points expiring, for the standing answered: read once, each purchase's lots added as it is booked.
            Page page = new Page(activity, LedgerReads.expiring(em, List.copyOf(buying)));
            Set<String> lookUp = new HashSet<>(bookedBefore);
            Set<String> seen = new HashSet<>();
            for (Checked p : purchases) {
                if (!seen.add(source(p.event()))) {
                    lookUp.add(source(p.event()));
                }
            }
            List<PurchaseResult> results = new ArrayList<>(purchases.size());
            for (Checked p : purchases) {
                results.add(bookIn(em, p.event(), p.birthDate(), now, actor, lookUp.contains(source(p.event())), page));
                // Written, and let go of: the entity manager would compare everything it holds at every query.
                em.flush();
                em.clear();
            }
            return results;
        });
    }

    /**
     * What a batch reads of its members before it books their purchases and carries from one
     * purchase to the next: their activity and the points of their lots by the day they expire.
     */
    private record Page(Activities.Running activity, Map<Long, SortedMap<LocalDate, Long>> expiring) {
    }

    private static String source(PurchaseEvent event) {
        return "purchase:" + event.eventId();
    }

    /**
     * Books {@code event} in {@code em}'s transaction, or answers it as it was booked before.
     *
     * @param lookUp whether it may have been booked before; false when the caller knows it was not
     * @param page what the batch read of its members, as their purchases are booked, or null to read it
     */
    private PurchaseResult bookIn(EntityManager em, PurchaseEvent event, LocalDate birthDate, Instant now, String actor,
            boolean lookUp, Page page) {
        Instant at = event.occurredAt() == null ? now : event.occurredAt().truncatedTo(ChronoUnit.MILLIS);
        String source = source(event);
        Optional<EntryEntity> booked = lookUp ? Indexed.entryBySource(em, source) : Optional.empty();
        if (booked.isPresent()) {
            PurchaseEntity first = em.find(PurchaseEntity.class, booked.get().id());
            // Without details (data retention removed them) the entry alone says it was booked.
            if (first != null && !(first.sameAs(event) && PurchaseLineStore.ofEntry(em, booked.get().id()).equals(event.lines()))) {
                throw new LoyaltyException(LoyaltyException.SOURCE_CONFLICT, "eventId", "event " + event.eventId()
                        + " was recorded before with different content (" + first + ")");
            }
            return new PurchaseResult(Postings.view(em, booked.get()), LedgerReads.member(em, event.contactId(), now),
                    true);
        }
        MemberEntity member = Postings.lockMember(em, event.contactId(), now);
        // Everything the booking reads is read before it writes: its rows, events and decisions then
        // go to the database together at the commit rather than in a flush before each query.
        Activities.Running activity = page == null ? Activities.running(em, member, now) : page.activity();
        SortedMap<LocalDate, Long> expiring = page == null ? LedgerReads.expiring(em, member.contactId())
                : page.expiring().get(member.contactId());
        Purchase fact = new Purchase(event.contactId(), event.eventId(), event.amount(), event.currency(),
                event.channel(), event.category(), Activities.day(at), member.tier(), birthDate);
        Evaluation evaluation = rules.evaluate(LoyaltyDecisions.RULE_PACKAGE, List.of(fact));
        List<Decision> earned = new ArrayList<>();
        for (Decision decision : evaluation.decisions(LoyaltyDecisions.EARN, event.contactId())) {
            if (!earnedAlready(em, event.contactId(), decision, at)) {
                earned.add(decision);
            }
        }
        EntryEntity entry = Postings.newEntry(em, new EntryEntity(event.contactId(), EntryKind.EARN, source, at, now,
                Inputs.actor(actor), null));
        long total = 0;
        long qualifying = 0;
        List<PointsEntry.Line> lines = new ArrayList<>(earned.size() + 1);
        for (Decision decision : earned) {
            long points = points(decision);
            boolean counts = qualifying(decision);
            LineEntity credit = Postings.credit(em, entry, points, counts, decision, expiryMonths);
            lines.add(credit.toLine());
            // Its lot, as the query would sum it once written.
            expiring.merge(credit.expiresOn(), points, Long::sum);
            total += points;
            qualifying += counts ? points : 0;
        }
        if (total > 0) {
            LineEntity issued = new LineEntity(entry, Postings.ISSUED, -total, false);
            em.persist(issued);
            lines.add(issued.toLine());
        }
        entry.total(total, qualifying);
        member.book(total);
        em.persist(new PurchaseEntity(entry.id(), event, at));
        PurchaseLineStore.store(em, entry.id(), event.contactId(), event.lines());
        // The event commits or rolls back with the booking.
        LoyaltyEvents.purchaseBooked(em, event, entry.id(), total, at);
        List<DecisionLedger.Applied> decided = new ArrayList<>();
        String facts = earned.isEmpty() ? null : fact.toString();
        earned.forEach(decision -> decided.add(new DecisionLedger.Applied(decision, facts)));
        activity.add(event.contactId(), at, event.amount(), qualifying);
        MemberActivity after = activity.of(member);
        Tiers.decide(em, rules, member, after, now, tierConsent, decided);
        // The earning and tier decisions as one batch.
        decisionLedger.recordAll(em, decided);
        // The entry's lines as written here, in the order of their ids: not read back.
        return new PurchaseResult(Postings.view(entry, lines), LedgerReads.standing(member, after, expiring), false);
    }

    /** The purchase as it is booked for {@code holder}, or why it cannot be. */
    PurchaseEvent validate(PurchaseEvent p, long holder, Instant now) {
        String eventId = Inputs.required("eventId", p.eventId(), 100);
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
        return new PurchaseEvent(holder, eventId, amount, code, Inputs.optional("channel", p.channel(), 60),
                Inputs.optional("category", p.category(), 60), p.occurredAt(), PurchaseLineStore.validate(p.lines()));
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
}
