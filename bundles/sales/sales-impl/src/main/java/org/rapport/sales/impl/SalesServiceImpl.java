package org.rapport.sales.impl;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;
import javax.persistence.TypedQuery;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.rapport.contacts.api.AccountService;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.InteractionService;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.api.ConsentService;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.rest.security.UserService;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.RulesEngine;
import org.rapport.rules.api.RulesUnavailableException;
import org.rapport.sales.api.Conversion;
import org.rapport.sales.api.ForecastLine;
import org.rapport.sales.api.Lead;
import org.rapport.sales.api.LeadStatus;
import org.rapport.sales.api.NewLead;
import org.rapport.sales.api.NewOpportunity;
import org.rapport.sales.api.Opportunity;
import org.rapport.sales.api.OpportunityLine;
import org.rapport.sales.api.OpportunityQuery;
import org.rapport.sales.api.PipelineStatistics;
import org.rapport.sales.api.SalesService;
import org.rapport.sales.api.SalesValidationException;
import org.rapport.sales.api.Stage;
import org.rapport.sales.api.StageChange;
import org.rapport.sales.api.StalledDeal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sales service: leads are captured, matched to contacts, scored by the rules in the same
 * transaction, qualified and converted ({@link LeadConversion}); opportunities and the forecast are
 * the {@link Pipeline}'s.
 */
@Component(service = SalesService.class, configurationPid = SalesConfig.PID)
@Designate(ocd = SalesConfig.class)
public class SalesServiceImpl implements SalesService {

    private static final Logger LOG = LoggerFactory.getLogger(SalesServiceImpl.class);
    private static final Pattern FORM = Pattern.compile("[a-z0-9][a-z0-9-]{0,59}");

    private final EntityManagerFactory emf;
    private final ContactService contacts;
    private final Clock clock;
    private final AccountService accounts;
    private final InteractionService interactions;
    private final ConsentGate gate;
    private final RulesEngine rules;
    private final DecisionLedger ledger;
    private final LeadConsents consents;
    // What the settings make: replaced when they change ({@link #modified}), the service staying registered.
    private volatile LeadScoring scoring;
    private volatile Pipeline pipeline;
    private volatile LeadConversion conversion;
    private final StalledDeals stalled;
    private final OpportunityLines lines;

    /** Owners named in a request are checked against the users when the user directory is there. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile UserService users;

    @Activate
    public SalesServiceImpl(@Reference(target = "(osgi.unit.name=rapport-sales)") EntityManagerFactory emf,
            @Reference ContactService contacts, @Reference AccountService accounts,
            @Reference InteractionService interactions, @Reference ConsentService consentService,
            @Reference ConsentGate gate, @Reference RulesEngine rules, @Reference DecisionLedger ledger,
            SalesConfig config) {
        this(emf, contacts, accounts, interactions, consentService, gate, rules, ledger, config, Clock.systemUTC());
    }

    public SalesServiceImpl(EntityManagerFactory emf, ContactService contacts, AccountService accounts,
            InteractionService interactions, ConsentService consentService, ConsentGate gate, RulesEngine rules,
            DecisionLedger ledger, SalesConfig config, Clock clock) {
        this.emf = emf;
        this.contacts = contacts;
        this.clock = clock;
        this.accounts = accounts;
        this.interactions = interactions;
        this.gate = gate;
        this.rules = rules;
        this.ledger = ledger;
        this.consents = new LeadConsents(consentService);
        this.stalled = new StalledDeals(emf, rules, ledger, interactions, clock);
        this.lines = new OpportunityLines(emf, clock);
        apply(config);
    }

    /**
     * New settings while running: taken up without stopping the service, which the sales REST resources
     * and jobs hold. A bad value is refused, naming its key, and the previous settings go on.
     */
    @Modified
    void modified(SalesConfig config) {
        try {
            apply(config);
        } catch (IllegalArgumentException refused) {
            LOG.error("New settings of etc/{}.cfg refused, the previous ones still apply: {}", SalesConfig.PID,
                    refused.getMessage());
        }
    }

    /** Makes everything from the settings first, then swaps it in: a bad value changes nothing. */
    private synchronized void apply(SalesConfig config) {
        LeadScoring newScoring = LeadScoring.of(rules, ledger, interactions, gate, config);
        Pipeline newPipeline = new Pipeline(emf, contacts, interactions, Stages.parse(config.stages()), config.currency(),
                clock, this::knownUser);
        LeadConversion newConversion = new LeadConversion(emf, contacts, accounts, interactions, consents, newPipeline,
                config.defaultCloseDays(), clock);
        this.scoring = newScoring;
        this.pipeline = newPipeline;
        this.conversion = newConversion;
    }

    /** The user directory owners are checked against; for tests outside a container. */
    void users(UserService directory) {
        this.users = directory;
    }

    private boolean knownUser(String name) {
        UserService directory = users;
        return directory == null || directory.find(name).isPresent();
    }

    @Override
    public Lead capture(NewLead lead, String form, String actor) {
        Map<String, String> errors = new LinkedHashMap<>();
        LeadInput checked = null;
        try {
            checked = LeadInput.of(lead);
        } catch (SalesValidationException e) {
            errors.putAll(e.fieldErrors());
        }
        String owner = lead.owner() == null ? "" : lead.owner().strip();
        if (!owner.isEmpty() && !errors.containsKey("owner") && !knownUser(owner)) {
            errors.put("owner", "there is no user '" + Texts.shorten(owner) + "'");
        }
        if (!errors.isEmpty()) {
            throw new SalesValidationException(errors);
        }
        LeadInput input = checked;
        if (form != null && !FORM.matcher(form).matches()) {
            throw SalesValidationException.of("form", "'" + Texts.shorten(form) + "' is not a form key");
        }
        String purposes = consents.check(lead.consents());
        Long contactId = ContactMatch.of(contacts, input.email, input.phone).map(c -> c.id()).orElse(null);
        // A public form is anyone's: whoever knows a contact's address could grant consent in their name (and
        // undo their unsubscribe). Its consent waits with the lead, as for a lead without a contact, until the
        // lead's conversion by someone who may record consent.
        boolean atOnce = contactId != null && form == null;
        Instant now = now();
        LeadEntity stored = Transactions.inTransaction(emf, em -> {
            LeadEntity e = new LeadEntity(now, actor);
            e.name = input.name;
            e.email = input.email;
            e.emailKey = input.emailKey();
            e.phone = input.phone;
            e.company = input.company;
            e.source = input.source;
            e.answers = Answers.encode(input.answers);
            e.owner = input.owner;
            e.ownerGiven = input.owner != null;
            e.contactId = contactId;
            e.form = form;
            e.pendingConsent = atOnce ? null : purposes;
            em.persist(e);
            em.flush();
            try {
                scoring.score(em, List.of(e), true, now, actor);
            } catch (RulesUnavailableException unavailable) {
                LOG.warn("Lead {} stored unscored: {}", e.id, unavailable.getMessage());
            }
            return e;
        });
        if (atOnce) {
            consents.record(contactId, purposes, consentSource(form), stored.id, actor);
        }
        return stored.toLead();
    }

    static String consentSource(String form) {
        return form == null ? "lead capture" : "web form " + form;
    }

    @Override
    public Optional<Lead> lead(long id) {
        return Transactions.read(emf, em -> Optional.ofNullable(em.find(LeadEntity.class, id)).map(LeadEntity::toLead));
    }

    @Override
    public List<Lead> leads(LeadStatus status, int offset, int limit) {
        Pipeline.checkPaging(offset, limit);
        return Transactions.read(emf, em -> leadQuery(em, "select l", status, " order by l.id desc", LeadEntity.class)
                .setFirstResult(offset).setMaxResults(limit).getResultList().stream().map(LeadEntity::toLead).toList());
    }

    @Override
    public long countLeads(LeadStatus status) {
        return Transactions.read(emf, em -> leadQuery(em, "select count(l)", status, "", Long.class).getSingleResult());
    }

    private static <T> TypedQuery<T> leadQuery(EntityManager em, String select, LeadStatus status, String order,
            Class<T> type) {
        TypedQuery<T> query = em.createQuery(select + " from LeadEntity l" + (status == null ? "" : " where l.status = :status")
                + order, type);
        return status == null ? query : query.setParameter("status", status.name());
    }

    @Override
    public Lead qualify(long leadId, boolean qualified, String reason, String actor) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > 500 || why.chars().anyMatch(c -> c < 0x20)) {
            throw SalesValidationException.of("reason", "is required: one line of at most 500 characters");
        }
        return Transactions.inTransaction(emf, em -> {
            LeadEntity lead = locked(em, leadId);
            if (lead.status() != LeadStatus.OPEN && lead.status() != LeadStatus.QUALIFIED) {
                throw SalesValidationException.of("status", "lead " + leadId + " is " + lead.status().label()
                        + "; only an open or qualified lead is qualified or disqualified");
            }
            lead.status = (qualified ? LeadStatus.QUALIFIED : LeadStatus.DISQUALIFIED).name();
            lead.reason = why;
            lead.updatedAt = now();
            return lead.toLead();
        });
    }

    @Override
    public Lead rescore(long leadId) {
        return Transactions.inTransaction(emf, em -> {
            LeadEntity lead = locked(em, leadId);
            if (lead.status() != LeadStatus.OPEN && lead.status() != LeadStatus.QUALIFIED) {
                throw SalesValidationException.of("status", "lead " + leadId + " is " + lead.status().label()
                        + "; only open and qualified leads are scored");
            }
            scoring.score(em, List.of(lead), false, now(), "sales rescore");
            return lead.toLead();
        });
    }

    static LeadEntity locked(EntityManager em, long leadId) {
        LeadEntity lead = em.find(LeadEntity.class, leadId, LockModeType.PESSIMISTIC_WRITE);
        if (lead == null) {
            throw SalesValidationException.notFound("lead", leadId);
        }
        return lead;
    }

    @Override
    public Conversion convert(long leadId, BigDecimal amount, String currency, LocalDate expectedClose, String actor) {
        return conversion.convert(leadId, amount, currency, expectedClose, actor);
    }

    @Override
    public List<Stage> stages() {
        return pipeline.stages().all();
    }

    @Override
    public Opportunity open(NewOpportunity opportunity, String actor) {
        return pipeline.open(opportunity, null, actor);
    }

    @Override
    public Optional<Opportunity> opportunity(long id) {
        return pipeline.find(id);
    }

    @Override
    public List<Opportunity> opportunities(OpportunityQuery query) {
        return pipeline.list(query);
    }

    @Override
    public long countOpportunities(OpportunityQuery query) {
        return pipeline.count(query);
    }

    @Override
    public Opportunity moveStage(long opportunityId, String stage, String reason, String nextStep, String actor) {
        return pipeline.move(opportunityId, stage, reason, nextStep, actor);
    }

    @Override
    public List<OpportunityLine> lines(long opportunityId) {
        return lines.of(opportunityId);
    }

    @Override
    public Opportunity setLines(long opportunityId, List<OpportunityLine> given, String actor) {
        Opportunity updated = lines.set(opportunityId, given);
        pipeline.timeline(updated, "lines changed by " + actor + ", amount " + updated.amount().toPlainString() + " "
                + updated.currency(), "lines");
        return updated;
    }

    @Override
    public List<StageChange> history(long opportunityId) {
        return pipeline.history(opportunityId);
    }

    @Override
    public List<ForecastLine> forecast(YearMonth from, YearMonth to, String owner) {
        return pipeline.forecast(from, to, owner);
    }

    @Override
    public PipelineStatistics statistics() {
        return pipeline.statistics();
    }

    @Override
    public List<StalledDeal> stalledDeals(String owner, int offset, int limit) {
        return stalled.list(blankToNull(owner), offset, limit);
    }

    @Override
    public long countStalledDeals(String owner) {
        return stalled.count(blankToNull(owner));
    }

    @Override
    public long checkStalledDeals() {
        StalledDeals.Outcome outcome = stalled.check();
        LOG.info("Stalled deals checked: {} open opportunities, {} newly stalled, {} cleared", outcome.checked(),
                outcome.flagged(), outcome.cleared());
        return stalled.count(null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
