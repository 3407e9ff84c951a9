package org.rapport.loyalty.impl;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.rapport.jobs.Job;
import org.rapport.jobs.JobKind;
import org.rapport.jobs.JobPage;
import org.rapport.jobs.JobRunner;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.loyalty.facts.MemberActivity;
import org.rapport.persistence.Transactions;
import org.rapport.rest.Roles;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.RulesEngine;

/**
 * Tier re-evaluation as a kind of job of the platform's runner: a page of members, in the order
 * of their contact ids, is locked, read and evaluated in one rules call, and the members whose tier
 * or grace period changes are updated, in one transaction with the job's progress
 * ({@link JobRunner#record}), so a page is done once even when its node dies. The runner keeps the
 * cursor (the last member of the last page), the lock that keeps it to one node, and the takeover
 * of a dead node's run.
 */
@Component(service = JobKind.class, configurationPid = LoyaltyConfig.PID)
public class TierReevaluationPages implements JobKind {

    static final String KIND = "loyalty.reevaluation";
    static final int PAGE = 1000;
    private static final int ATTEMPTS = 5;

    /** The runner that took this kind ({@link #boundTo}); never a service reference, which would make a cycle. */
    volatile JobRunner runner;
    private final EntityManagerFactory emf;
    private final RulesEngine rules;
    private final DecisionLedger decisionLedger;
    private final Clock clock;
    private final int pageSize;
    private final TierConsent tierConsent;

    @Activate
    public TierReevaluationPages(@Reference(target = "(osgi.unit.name=rapport-loyalty)") EntityManagerFactory emf,
            @Reference RulesEngine rules, @Reference DecisionLedger decisionLedger, LoyaltyConfig config) {
        this(null, emf, rules, decisionLedger, Clock.systemUTC(), PAGE,
                new TierConsent(null, config.tierProfilingPurpose()));
    }

    public TierReevaluationPages(JobRunner runner, EntityManagerFactory emf, RulesEngine rules,
            DecisionLedger decisionLedger, Clock clock, int pageSize) {
        this(runner, emf, rules, decisionLedger, clock, pageSize, TierConsent.none());
    }

    TierReevaluationPages(JobRunner runner, EntityManagerFactory emf, RulesEngine rules,
            DecisionLedger decisionLedger, Clock clock, int pageSize, TierConsent tierConsent) {
        this.tierConsent = tierConsent;
        this.runner = runner;
        this.emf = emf;
        this.rules = rules;
        this.decisionLedger = decisionLedger;
        this.clock = clock;
        this.pageSize = pageSize;
    }

    /** A new {@code tierProfilingPurpose} while running (the jobs runner, which holds this kind, stays up). */
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
    public String kind() {
        return KIND;
    }

    @Override
    public String title() {
        return "tier re-evaluation";
    }

    @Override
    public Set<String> roles() {
        return Set.of(Roles.ANALYST);
    }

    @Override
    public long total() {
        return Transactions.read(emf, em -> em.createQuery("select count(m) from MemberEntity m", Long.class)
                .getSingleResult());
    }

    @Override
    public Optional<JobPage> page(Job job, String cursor) {
        long after = cursor == null ? -1 : Long.parseLong(cursor);
        List<Long> ids = Transactions.read(emf, em -> em.createQuery("select m.contactId from MemberEntity m "
                + "where m.contactId > :after order by m.contactId", Long.class)
                .setParameter("after", after).setMaxResults(pageSize).getResultList());
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        long first = ids.get(0);
        long last = ids.get(ids.size() - 1);
        // Asked before the page's members are locked; one who objects meanwhile is left out next time.
        Set<Long> decided = tierConsent.allowed(ids, "loyalty tier re-evaluation " + job.id());
        return Optional.of(Transactions.retrying(emf, ATTEMPTS, em -> page(em, job, first, last, decided)));
    }

    /**
     * Evaluates the members with ids from {@code first} to {@code last}, applies the changes and
     * moves the job past them.
     * The page's members are locked for the transaction, as a booking locks its member, so a
     * purchase that arrives meanwhile waits for the page and is judged after it.
     */
    private JobPage page(EntityManager em, Job job, long first, long last, Set<Long> decided) {
        // Derby takes no FOR UPDATE with ORDER BY: the page's bounds come first, then its rows, locked.
        List<MemberEntity> members = new ArrayList<>(em.createQuery("select m from MemberEntity m where m.contactId "
                + "between :first and :last", MemberEntity.class)
                .setParameter("first", first).setParameter("last", last)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE).getResultList());
        int locked = members.size();
        // A member the consent gate blocks keeps their tier: not evaluated, not changed.
        members.removeIf(m -> !decided.contains(m.contactId()));
        members.sort(Comparator.comparingLong(MemberEntity::contactId));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<MemberActivity> activities = List.of();
        Map<String, List<Decision>> bySubject = new HashMap<>();
        if (!members.isEmpty()) {
            activities = Activities.of(em, members, now);
            rules.evaluate(LoyaltyDecisions.RULE_PACKAGE, activities).decisions()
                    .forEach(d -> bySubject.computeIfAbsent(d.subject(), s -> new ArrayList<>()).add(d));
        }
        int changed = 0;
        // The page's decisions go to the ledger in one batch, as its changes go to the tables.
        List<DecisionLedger.Applied> applied = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            MemberEntity member = members.get(i);
            changed += Tiers.apply(em, applied, member, activities.get(i),
                    bySubject.getOrDefault(Long.toString(member.contactId()), List.of()), now) ? 1 : 0;
        }
        decisionLedger.recordAll(em, applied);
        JobPage page = new JobPage(Long.toString(last), locked, changed);
        JobRunner.record(runner, KIND, em, job, page);
        return page;
    }

    @Override
    public void boundTo(JobRunner runner) {
        this.runner = runner;
    }
}
