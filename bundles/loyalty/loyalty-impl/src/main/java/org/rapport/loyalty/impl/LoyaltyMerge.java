package org.rapport.loyalty.impl;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.rapport.contacts.api.MergeParticipant;
import org.rapport.loyalty.api.EntryKind;
import org.rapport.loyalty.api.PointsEntry;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.RulesEngine;

/**
 * Loyalty in a merge of two contacts: the merged member's unspent points move to the survivor
 * with their expiry dates, and so do its qualifying points of the last year (so the survivor's
 * tier counts the activity of both records) and its purchases; then the rules decide both
 * members' tiers again. The move is a pair of {@link EntryKind#TRANSFER} entries, one out of each
 * member's account and one into the other's, balanced through the programme account
 * {@value #CLEARING}; a qualifying point moves as a qualifying line at its original activity time
 * offset by a non-qualifying one, so balances do not change by it. Nothing is rewritten: tier
 * history and earlier entries stay where they were.
 *
 * <p>Undo moves back what the merge moved as far as it is still there: the points left in the lots
 * the merge created (points the survivor has spent since stay spent), the qualifying points, and
 * the purchases booked for the merged contact.
 */
@Component(configurationPid = LoyaltyConfig.PID)
public class LoyaltyMerge implements MergeParticipant {

    static final String CLEARING = "programme:transferred";
    private static final int ATTEMPTS = 5;

    private final EntityManagerFactory emf;
    private final RulesEngine rules;
    private final DecisionLedger decisions;
    private final Clock clock;
    private final TierConsent tierConsent;

    @Activate
    public LoyaltyMerge(@Reference(target = "(osgi.unit.name=rapport-loyalty)") EntityManagerFactory emf,
            @Reference RulesEngine rules, @Reference DecisionLedger decisions, LoyaltyConfig config) {
        this(emf, rules, decisions, Clock.systemUTC(), new TierConsent(null, config.tierProfilingPurpose()));
    }

    public LoyaltyMerge(EntityManagerFactory emf, RulesEngine rules, DecisionLedger decisions, Clock clock) {
        this(emf, rules, decisions, clock, TierConsent.none());
    }

    LoyaltyMerge(EntityManagerFactory emf, RulesEngine rules, DecisionLedger decisions, Clock clock,
            TierConsent tierConsent) {
        this.tierConsent = tierConsent;
        this.emf = emf;
        this.rules = rules;
        this.decisions = decisions;
        this.clock = clock;
    }

    /** A new {@code tierProfilingPurpose} while running (the contacts' merges keep calling it). */
    @Modified
    void modified(LoyaltyConfig config) {
        tierConsent.purpose(config.tierProfilingPurpose());
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, unbind = "unbindGate")
    void bindGate(ConsentGate gate) {
        tierConsent.bind(gate);
    }

    void unbindGate(ConsentGate gate) {
        tierConsent.unbind(gate);
    }

    @Override
    public String name() {
        return "loyalty";
    }

    @Override
    public String preview(long survivorId, long mergedId) {
        return Transactions.read(emf, em -> {
            MemberEntity merged = em.find(MemberEntity.class, mergedId);
            if (merged == null) {
                return null;
            }
            Instant now = clock.instant();
            long qualifying = qualifying(em, mergedId, now).values().stream().mapToLong(Long::longValue).sum();
            List<LotEntity> lots = Indexed.openLots(em, mergedId);
            String soonest = lots.isEmpty() ? "" : " (the first expiring on " + lots.get(0).expiresOn() + ")";
            return merged.balance() + " point(s)" + soonest + " and " + qualifying + " qualifying point(s) of the last "
                    + "year move to member " + survivorId + "; both tiers are decided again";
        });
    }

    @Override
    public Outcome merge(long mergeId, long survivorId, long mergedId, String actor) {
        String source = "merge:" + mergeId;
        return Transactions.retrying(emf, ATTEMPTS, em -> {
            Optional<EntryEntity> done = Indexed.entryBySource(em, source + ":in");
            if (done.isPresent()) {
                return outcome(done.get());
            }
            if (em.find(MemberEntity.class, mergedId) == null) {
                return new Outcome("the merged contact was not a loyalty member", "");
            }
            Instant now = clock.instant();
            MemberEntity[] members = lock(em, mergedId, survivorId);
            List<LotEntity> lots = Indexed.openLots(em, mergedId);
            EntryEntity in = move(em, members[0], members[1], source, lots, qualifying(em, mergedId, now), now, actor);
            em.createQuery("update PurchaseEntity p set p.contactId = :to where p.contactId = :from")
                    .setParameter("to", survivorId).setParameter("from", mergedId).executeUpdate();
            em.createQuery("update PurchaseLineEntity l set l.contactId = :to where l.contactId = :from")
                    .setParameter("to", survivorId).setParameter("from", mergedId).executeUpdate();
            Tiers.decide(em, rules, decisions, members[0], now, tierConsent);
            Tiers.decide(em, rules, decisions, members[1], now, tierConsent);
            return outcome(in);
        });
    }

    @Override
    public void undo(long mergeId, long survivorId, long mergedId, String undoData, String actor) {
        Transactions.retrying(emf, ATTEMPTS, em -> {
            Optional<EntryEntity> merged = Indexed.entryBySource(em, "merge:" + mergeId + ":in");
            if (merged.isEmpty() || Indexed.entryBySource(em, "unmerge:" + mergeId + ":in").isPresent()) {
                return null;
            }
            Instant now = clock.instant();
            MemberEntity[] members = lock(em, survivorId, mergedId);
            Map<Instant, Long> qualifying = new TreeMap<>();
            for (LineEntity line : Indexed.lines(em, merged.get().id())) {
                if (line.qualifying() && PointsEntry.Line.MEMBER.equals(line.account())) {
                    qualifying.merge(line.activityAt(), line.points(), Long::sum);
                }
            }
            move(em, members[0], members[1], "unmerge:" + mergeId, Lots.createdBy(em, merged.get().id()), qualifying,
                    now, actor);
            em.createQuery("update PurchaseEntity p set p.contactId = :merged where p.entryId in "
                    + "(select e.id from EntryEntity e where e.contactId = :merged)").setParameter("merged", mergedId)
                    .executeUpdate();
            em.createQuery("update PurchaseLineEntity l set l.contactId = :merged where l.entryId in "
                    + "(select e.id from EntryEntity e where e.contactId = :merged)").setParameter("merged", mergedId)
                    .executeUpdate();
            Tiers.decide(em, rules, decisions, members[0], now, tierConsent);
            Tiers.decide(em, rules, decisions, members[1], now, tierConsent);
            return null;
        });
    }

    /** The two members, {@code from} then {@code to}, locked in id order; {@code to} joins now if it was not a member. */
    private static MemberEntity[] lock(EntityManager em, long from, long to) {
        MemberEntity first = em.find(MemberEntity.class, Math.min(from, to), LockModeType.PESSIMISTIC_WRITE);
        MemberEntity second = em.find(MemberEntity.class, Math.max(from, to), LockModeType.PESSIMISTIC_WRITE);
        MemberEntity source = from < to ? first : second;
        MemberEntity target = from < to ? second : first;
        if (target == null) {
            // The member the points go to joins when the other did: its anniversary year is the other's.
            target = new MemberEntity(to, source.joinedAt());
            em.persist(target);
            em.flush();
        }
        return new MemberEntity[] {source, target};
    }

    /** The member's qualifying points of the last year, by activity time. */
    private static Map<Instant, Long> qualifying(EntityManager em, long contactId, Instant now) {
        Map<Instant, Long> points = new TreeMap<>();
        for (Object[] line : Indexed.qualifyingLines(em, contactId, contactId, Activities.yearBefore(now))) {
            points.merge(Indexed.instant(line[1]), ((Number) line[2]).longValue(), Long::sum);
        }
        points.values().removeIf(p -> p == 0);
        return points;
    }

    /**
     * Moves the points left in {@code lots} and the {@code qualifying} points from one member to the
     * other: an entry out of {@code from} ({@code source:out}) and one into {@code to}
     * ({@code source:in}), which it returns.
     */
    private static EntryEntity move(EntityManager em, MemberEntity from, MemberEntity to, String source,
            List<LotEntity> lots, Map<Instant, Long> qualifying, Instant now, String actor) {
        EntryEntity out = Postings.newEntry(em, new EntryEntity(from.contactId(), EntryKind.TRANSFER,
                source + ":out", now, now, actor, "to member " + to.contactId()));
        EntryEntity in = Postings.newEntry(em, new EntryEntity(to.contactId(), EntryKind.TRANSFER,
                source + ":in", now, now, actor, "from member " + from.contactId()));
        long points = 0;
        List<LineEntity> credits = new ArrayList<>();
        for (LotEntity lot : lots) {
            long left = lot.remaining();
            if (left == 0) {
                continue;
            }
            LocalDate expires = lot.expiresOn();
            lot.take(left);
            em.persist(new LotUseEntity(out.id(), lot.lineId(), left));
            em.persist(new LineEntity(out, PointsEntry.Line.MEMBER, -left, false).expiringOn(expires));
            LineEntity credit = new LineEntity(in, PointsEntry.Line.MEMBER, left, false).expiringOn(expires);
            em.persist(credit);
            credits.add(credit);
            points += left;
        }
        if (points > 0) {
            em.persist(new LineEntity(out, CLEARING, points, false));
            em.persist(new LineEntity(in, CLEARING, -points, false));
        }
        em.flush();
        for (LineEntity credit : credits) {
            em.persist(new LotEntity(credit, to.contactId(), credit.expiresOn()));
        }
        long moved = 0;
        for (Map.Entry<Instant, Long> activity : qualifying.entrySet()) {
            long p = activity.getValue();
            em.persist(new LineEntity(out, PointsEntry.Line.MEMBER, -p, true).at(activity.getKey()));
            em.persist(new LineEntity(out, PointsEntry.Line.MEMBER, p, false));
            em.persist(new LineEntity(in, PointsEntry.Line.MEMBER, p, true).at(activity.getKey()));
            em.persist(new LineEntity(in, PointsEntry.Line.MEMBER, -p, false));
            moved += p;
        }
        out.total(-points, -moved);
        in.total(points, moved);
        from.book(-points);
        to.book(points);
        return in;
    }

    private static Outcome outcome(EntryEntity in) {
        return new Outcome(in.points() + " point(s) and " + in.qualifyingPoints() + " qualifying point(s) moved (entry "
                + in.id() + ")", "entry " + in.id());
    }
}
