package org.rapport.sales.impl;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.persistence.EntityManager;
import java.util.function.Function;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.rapport.contacts.api.InteractionService;
import org.rapport.jobs.Job;
import org.rapport.jobs.JobKind;
import org.rapport.jobs.JobPage;
import org.rapport.jobs.JobRunner;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.rest.Roles;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.RulesEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-scoring every open and qualified lead with the active {@code sales} rules, as a kind of job of
 * the platform's runner ({@code sales.rescoring}: {@code jobs:start sales.rescoring},
 * {@code POST /api/v1/jobs/sales.rescoring}): a page of leads in id order is locked, evaluated in
 * two rules calls and updated where score, grade, queue or owner change, with those leads' decisions
 * in the ledger, in one transaction with the job's progress ({@link JobRunner#record}), so a page is
 * done once even when its node dies, and a stopped run goes on from its last page. The page's leads
 * are read, locked, and written in JDBC on that transaction's connection ({@link RescoringRows}).
 */
@Component(service = JobKind.class, configurationPid = SalesConfig.PID)
public class LeadRescoring implements JobKind {

    private static final Logger LOG = LoggerFactory.getLogger(LeadRescoring.class);

    static final String KIND = "sales.rescoring";
    static final int PAGE = 1000;
    private static final int ATTEMPTS = 5;

    /** The runner that took this kind ({@link #boundTo}); never a service reference, which would make a cycle. */
    volatile JobRunner runner;
    private final EntityManagerFactory emf;
    private volatile LeadScoring scoring;
    private final Clock clock;
    private final int pageSize;
    /** How new settings make a new scoring ({@link #modified}); null outside a container. */
    private Function<SalesConfig, LeadScoring> rescore;

    @Activate
    public LeadRescoring(@Reference(target = "(osgi.unit.name=rapport-sales)") EntityManagerFactory emf,
            @Reference RulesEngine rules, @Reference DecisionLedger ledger, @Reference InteractionService interactions,
            @Reference ConsentGate gate, SalesConfig config) {
        this(null, emf, LeadScoring.of(rules, ledger, interactions, gate, config), Clock.systemUTC(), PAGE);
        this.rescore = settings -> LeadScoring.of(rules, ledger, interactions, gate, settings);
    }

    /**
     * New settings while running (the jobs runner, which holds this kind, stays up). A bad value is refused,
     * naming its key, and the previous settings go on.
     */
    @Modified
    void modified(SalesConfig config) {
        try {
            scoring = rescore.apply(config);
        } catch (IllegalArgumentException refused) {
            LOG.error("New settings of etc/{}.cfg refused, the previous ones still apply: {}", SalesConfig.PID,
                    refused.getMessage());
        }
    }

    /**
     * Outside a container (the benchmarks): the runner, services and settings handed over; the
     * gate may be null when {@code scoringProfilingPurpose} is empty (nobody is asked).
     */
    public LeadRescoring(JobRunner runner, EntityManagerFactory emf, RulesEngine rules, DecisionLedger ledger,
            InteractionService interactions, ConsentGate gate, SalesConfig config, Clock clock, int pageSize) {
        this(runner, emf, LeadScoring.of(rules, ledger, interactions, gate, config), clock, pageSize);
    }

    LeadRescoring(JobRunner runner, EntityManagerFactory emf, LeadScoring scoring, Clock clock, int pageSize) {
        this.runner = runner;
        this.emf = emf;
        this.scoring = scoring;
        this.clock = clock;
        this.pageSize = pageSize;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String title() {
        return "lead re-scoring";
    }

    @Override
    public Set<String> roles() {
        return Set.of(Roles.ANALYST);
    }

    @Override
    public long total() {
        return Transactions.read(emf, OpenLeads::count);
    }

    @Override
    public Optional<JobPage> page(Job job, String cursor) {
        long after = cursor == null ? -1 : Long.parseLong(cursor);
        List<Long> ids = Transactions.read(emf, em -> OpenLeads.idsAfter(em, after, pageSize));
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        long first = ids.get(0);
        long last = ids.get(ids.size() - 1);
        return Optional.of(Transactions.retrying(emf, ATTEMPTS, em -> page(em, job, first, last)));
    }

    private JobPage page(EntityManager em, Job job, long first, long last) {
        // Derby takes no FOR UPDATE with ORDER BY: the page's bounds come first, then its rows, locked.
        List<LeadEntity> leads = RescoringRows.lock(em, first, last);
        leads.sort(Comparator.comparingLong(l -> l.id));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<LeadEntity> changed = scoring.score(em, leads, false, now, KIND + " job " + job.id());
        RescoringRows.write(em, leads, changed, now);
        JobPage page = new JobPage(Long.toString(last), leads.size(), changed.size());
        JobRunner.record(runner, KIND, em, job, page);
        return page;
    }

    @Override
    public void boundTo(JobRunner runner) {
        this.runner = runner;
    }
}
