package org.rapport.sales.impl;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.InteractionService;
import org.rapport.contacts.api.NewInteraction;
import org.rapport.persistence.Transactions;
import org.rapport.sales.api.ForecastLine;
import org.rapport.sales.api.NewOpportunity;
import org.rapport.sales.api.Opportunity;
import org.rapport.sales.api.OpportunityQuery;
import org.rapport.sales.api.PipelineStatistics;
import org.rapport.sales.api.SalesValidationException;
import org.rapport.sales.api.Stage;
import org.rapport.sales.api.StageChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opportunities: opened, moved from stage to stage with every move in {@code SALES_STAGE_CHANGE},
 * closed won or lost with a reason; each opening and move is an interaction on the contact's
 * timeline. The figures ({@link PipelineFigures}) read the same tables.
 */
final class Pipeline {

    private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
    static final Pattern USER = Pattern.compile("[A-Za-z0-9._@-]{1,120}");

    private final EntityManagerFactory emf;
    private final ContactService contacts;
    private final InteractionService interactions;
    private final Stages stages;
    private final String currency;
    private final Clock clock;
    private final PipelineFigures figures;
    private final Predicate<String> knownUser;

    Pipeline(EntityManagerFactory emf, ContactService contacts, InteractionService interactions, Stages stages,
            String currency, Clock clock, Predicate<String> knownUser) {
        this.emf = emf;
        this.contacts = contacts;
        this.interactions = interactions;
        this.stages = stages;
        this.currency = currency;
        this.clock = clock;
        this.figures = new PipelineFigures(emf, stages);
        this.knownUser = knownUser;
    }

    Stages stages() {
        return stages;
    }

    /** Opens an opportunity in its own transaction. */
    Opportunity open(NewOpportunity o, Long leadId, String actor) {
        Opportunity opened = Transactions.inTransaction(emf, em -> open(em, o, leadId, actor));
        timeline(opened, "opened in stage " + opened.stage(), "opened");
        return opened;
    }

    /** Opens an opportunity in the caller's transaction (a conversion's); the caller puts it on the timeline. */
    Opportunity open(EntityManager em, NewOpportunity o, Long leadId, String actor) {
        Map<String, String> errors = new LinkedHashMap<>();
        Long accountId = null;
        if (o.contactId() == null) {
            errors.put("contactId", "is required");
        } else {
            Optional<Contact> contact = contacts.find(o.contactId());
            if (contact.isEmpty()) {
                errors.put("contactId", "no contact with id " + o.contactId());
            } else {
                accountId = contact.get().accountId();
            }
        }
        errors.putAll(terms(o, actor));
        if (!errors.isEmpty()) {
            throw new SalesValidationException(errors);
        }
        Stage stage = o.stage() == null || o.stage().isBlank() ? stages.first() : stages.find(o.stage().strip()).orElseThrow();
        String owner = o.owner() == null || o.owner().isBlank() ? actor : o.owner().strip();
        String code = o.currency() == null || o.currency().isBlank() ? currency : o.currency().strip();
        Instant now = now();
        OpportunityEntity e = new OpportunityEntity();
        e.name = o.name().strip();
        e.contactId = o.contactId();
        e.accountId = accountId;
        e.leadId = leadId;
        e.amount = o.amount();
        e.currency = code;
        e.stage = stage.name();
        e.probability = stage.probability();
        e.expectedClose = o.expectedClose();
        e.owner = owner;
        e.nextStep = o.nextStep() == null || o.nextStep().isBlank() ? null : o.nextStep().strip();
        e.createdAt = now;
        e.updatedAt = now;
        em.persist(e);
        em.flush();
        em.persist(new StageChangeEntity(e.id, null, stage.name(), now, actor, null));
        return e.toOpportunity();
    }

    /** What is wrong with an opportunity's terms (all but its contact), by field; empty when nothing is. */
    Map<String, String> terms(NewOpportunity o, String actor) {
        Map<String, String> errors = new LinkedHashMap<>();
        required(errors, "name", o.name(), 200);
        if (o.amount() == null) {
            errors.put("amount", "is required");
        } else if (o.amount().signum() < 0 || o.amount().scale() > 4 || o.amount().precision() - o.amount().scale() > 15) {
            errors.put("amount", "'" + o.amount().toPlainString() + "' is not an amount: 0 or more, at most 15 digits "
                    + "before the point and 4 after");
        }
        String code = o.currency() == null || o.currency().isBlank() ? currency : o.currency().strip();
        if (!isCurrency(code)) {
            errors.put("currency", "'" + Texts.shorten(code) + "' is not an ISO 4217 currency code");
        }
        if (o.stage() != null && !o.stage().isBlank()) {
            Optional<Stage> named = stages.find(o.stage().strip());
            if (named.isEmpty() || named.get().closes()) {
                errors.put("stage", "'" + Texts.shorten(o.stage()) + "' is not an open stage; one of " + openStages());
            }
        }
        if (o.expectedClose() == null) {
            errors.put("expectedClose", "is required: a day like 2026-11-30");
        }
        String owner = o.owner() == null || o.owner().isBlank() ? actor : o.owner().strip();
        if (!USER.matcher(owner).matches()) {
            errors.put("owner", "'" + Texts.shorten(owner) + "' is not a user name");
        } else if (o.owner() != null && !o.owner().isBlank() && !knownUser.test(owner)) {
            // An owner named is a user; the caller, owner by default, may be an API key's name.
            errors.put("owner", "there is no user '" + owner + "'");
        }
        optional(errors, "nextStep", o.nextStep(), 500);
        return errors;
    }

    Opportunity move(long id, String stageName, String reason, String nextStep, String actor) {
        Map<String, String> errors = new LinkedHashMap<>();
        Stage stage = null;
        if (stageName == null || stageName.isBlank()) {
            errors.put("stage", "is required; one of " + stages.names());
        } else {
            stage = stages.find(stageName.strip()).orElse(null);
            if (stage == null) {
                errors.put("stage", "'" + Texts.shorten(stageName) + "' is not a stage; one of " + stages.names());
            }
        }
        String why = optional(errors, "reason", reason, 500);
        if (stage != null && stage.closes() && why == null && !errors.containsKey("reason")) {
            errors.put("reason", "is required to close an opportunity " + stage.outcome());
        }
        String next = optional(errors, "nextStep", nextStep, 500);
        if (!errors.isEmpty()) {
            throw new SalesValidationException(errors);
        }
        Stage to = stage;
        Opportunity moved = Transactions.inTransaction(emf, em -> {
            OpportunityEntity e = em.find(OpportunityEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
            if (e == null) {
                throw SalesValidationException.notFound("opportunity", id);
            }
            if (e.closedAt != null) {
                throw SalesValidationException.of("stage", "opportunity " + id + " is closed (" + e.stage + ")");
            }
            if (e.stage.equals(to.name())) {
                throw SalesValidationException.of("stage", "opportunity " + id + " is in stage " + to.name() + " already");
            }
            Instant now = now();
            em.persist(new StageChangeEntity(id, e.stage, to.name(), now, actor, why));
            e.stage = to.name();
            e.probability = to.probability();
            e.active(now);
            if (next != null) {
                e.nextStep = next;
            }
            if (to.closes()) {
                e.closedAt = now;
                e.closeReason = why;
            }
            return e.toOpportunity();
        });
        timeline(moved, "moved to stage " + moved.stage() + (why == null ? "" : ": " + why),
                to.closes() ? to.outcome() : "stage-change");
        return moved;
    }

    Optional<Opportunity> find(long id) {
        return Transactions.read(emf, em -> Optional.ofNullable(em.find(OpportunityEntity.class, id))
                .map(OpportunityEntity::toOpportunity));
    }

    List<Opportunity> list(OpportunityQuery query) {
        checkPaging(query.offset(), query.limit());
        return Transactions.read(emf, em -> figures.select(em, query, "select o", " order by o.expectedClose, o.id",
                OpportunityEntity.class).setFirstResult(query.offset()).setMaxResults(query.limit()).getResultList()
                .stream().map(OpportunityEntity::toOpportunity).toList());
    }

    long count(OpportunityQuery query) {
        return Transactions.read(emf, em -> figures.select(em, query, "select count(o)", "", Long.class).getSingleResult());
    }

    List<StageChange> history(long id) {
        return Transactions.read(emf, em -> {
            if (em.find(OpportunityEntity.class, id) == null) {
                throw SalesValidationException.notFound("opportunity", id);
            }
            return em.createQuery("select c from StageChangeEntity c where c.opportunityId = :id order by c.id",
                    StageChangeEntity.class).setParameter("id", id).getResultList().stream()
                    .map(StageChangeEntity::toChange).toList();
        });
    }

    List<ForecastLine> forecast(java.time.YearMonth from, java.time.YearMonth to, String owner) {
        return figures.forecast(from, to, owner);
    }

    PipelineStatistics statistics() {
        return figures.statistics();
    }

    /** Puts an opportunity's event on its contact's timeline, once (its event id is the event's). */
    void timeline(Opportunity o, String summary, String event) {
        if (o.contactId() == null) {
            return;
        }
        try {
            interactions.record(o.contactId(), new NewInteraction("other", "outbound", "opportunity", null,
                    "Opportunity " + o.id() + " '" + o.name() + "' " + summary, Map.of("opportunityId",
                            Long.toString(o.id()), "stage", o.stage(), "amount", o.amount().toPlainString(), "currency",
                            o.currency()), "opportunity:" + o.id() + ":" + event + ":" + o.updatedAt().toEpochMilli()),
                    "sales");
        } catch (IllegalArgumentException e) {
            LOG.warn("Opportunity {} not put on the timeline of contact {}: {}", o.id(), o.contactId(), e.getMessage());
        }
    }

    private String openStages() {
        return String.join(", ", stages.all().stream().filter(s -> !s.closes()).map(Stage::name).toList());
    }

    static void checkPaging(int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("offset is 0 or more and limit from 1 to 1,000, not " + offset + " and "
                    + limit);
        }
    }

    static boolean isCurrency(String code) {
        try {
            return code != null && code.matches("[A-Z]{3}") && Currency.getInstance(code) != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String required(Map<String, String> errors, String field, String value, int max) {
        String v = optional(errors, field, value, max);
        if (v == null && !errors.containsKey(field)) {
            errors.put(field, "is required");
        }
        return v;
    }

    static String optional(Map<String, String> errors, String field, String value, int max) {
        String v = value == null ? null : value.strip();
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (v.length() > max || v.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
            errors.put(field, "one line of at most " + max + " characters");
            return null;
        }
        return v;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
