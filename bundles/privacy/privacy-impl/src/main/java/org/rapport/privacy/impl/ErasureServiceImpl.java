package org.rapport.privacy.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import javax.persistence.EntityManagerFactory;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.EventAdmin;
import org.rapport.contacts.api.ContactService;
import org.rapport.guard.GuardPolicy;
import org.rapport.guard.PluginFault;
import org.rapport.guard.PluginGuard;
import org.rapport.guard.PluginGuards;
import org.rapport.guard.PluginManifest;
import org.rapport.guard.PluginPolicy;
import org.rapport.guard.Registration;
import org.rapport.persistence.Columns;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.api.ContactExport;
import org.rapport.privacy.api.ErasureReport;
import org.rapport.privacy.api.ErasureService;
import org.rapport.privacy.spi.ErasureParticipant;
import org.rapport.privacy.spi.ExportRequester;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erasure and export across every registered {@link ErasureParticipant} (a whiteboard: bundles
 * and plugins register their own). A participant that fails does not stop the others; the
 * report names it with its error, and a second erasure finishes the work. Plugins that declare
 * {@value PluginManifest#PERSONAL_DATA} in their capability manifest without registering a participant
 * are named as unreached; a plugin's participant is taken only if its manifest declares personal data.
 * A contact under legal hold is not erased: the hold says their data must be kept. Each
 * participant runs within a time budget ({@code participantBudgetSeconds} of
 * {@code etc/org.rapport.privacy.cfg}), through the platform's plugin guard, which never suspends
 * a participant, since every erasure must try them all: one that hangs is interrupted and
 * reported as failed, and the others go on; a participant whose export fails or hangs is named
 * in the export instead of its data.
 */
@Component(service = ErasureService.class, configurationPid = PrivacyConfig.PID)
public class ErasureServiceImpl implements ErasureService {

    private static final Logger LOG = LoggerFactory.getLogger(ErasureServiceImpl.class);

    /** Participants with the id of the bundle that registered each. */
    private final Map<ErasureParticipant, Long> participants = new ConcurrentHashMap<>();
    private final EntityManagerFactory emf;
    private final ContactService contacts;
    private final BundleContext context;
    private final Clock clock;
    private final PluginGuard guard;
    private final PluginPolicy policy;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile EventAdmin eventAdmin;

    @Activate
    public ErasureServiceImpl(@Reference(target = "(osgi.unit.name=rapport-privacy)") EntityManagerFactory emf,
            @Reference ContactService contacts, BundleContext context, PrivacyConfig config) {
        this(emf, contacts, context, Clock.systemUTC(), Duration.ofSeconds(Math.max(1, config.participantBudgetSeconds())));
    }

    ErasureServiceImpl(EntityManagerFactory emf, ContactService contacts, BundleContext context, Clock clock,
            Duration budget) {
        this.emf = emf;
        this.contacts = contacts;
        this.context = context;
        this.clock = clock;
        // Participants report to the erasure's own report, not to the audit log.
        this.guard = PluginGuards.open(policy(budget), clock, event -> { });
        this.policy = PluginPolicy.open("Erasure participants", context, event -> {
            EventAdmin admin = eventAdmin;
            if (admin != null) {
                admin.postEvent(event);
            }
        });
    }

    /** How participants are called: within the budget, never suspended, since each erasure must try every one. */
    private static GuardPolicy policy(Duration budget) {
        return GuardPolicy.of("participant", "Erasure participant", budget, 0)
                // The outcome names the participant; its error says what went wrong, as the report shows it.
                .withFaultText((fault, participant, call, limit, cause) -> switch (fault) {
                    case TIMED_OUT -> call + " did not finish within " + limit.toSeconds() + " s and was interrupted";
                    case INTERRUPTED -> call + " was interrupted";
                    default -> cause instanceof RuntimeException ? String.valueOf(cause.getMessage())
                            : String.valueOf(cause);
                });
    }

    /**
     * New settings while running: the erasure service stays registered (its REST resource and commands stay).
     * The participants' budget stays as the guard opened it, so an erasure under way is not cut off; it
     * changes when privacy next starts.
     */
    @Modified
    void modified(PrivacyConfig config) {
        if (Math.max(1, config.participantBudgetSeconds()) != guard.policy().budget().toSeconds()) {
            LOG.warn("participantBudgetSeconds in etc/{}.cfg applies when privacy next starts", PrivacyConfig.PID);
        }
    }

    @Deactivate
    void deactivate() {
        guard.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addParticipant(ErasureParticipant participant, Map<String, Object> properties) {
        if (!policy.admit(properties, Registration.ERASURE_PARTICIPANT, participant.name())) {
            return;
        }
        Object bundle = properties.get(Constants.SERVICE_BUNDLEID);
        participants.put(participant, bundle instanceof Long id ? id : -1L);
    }

    void removeParticipant(ErasureParticipant participant) {
        participants.remove(participant);
    }

    private List<ErasureParticipant> ordered() {
        List<ErasureParticipant> list = new ArrayList<>(participants.keySet());
        list.sort(Comparator.comparingInt(ErasureParticipant::order).thenComparing(ErasureParticipant::name));
        return list;
    }

    @Override
    public ErasureReport erase(long contactId, String actor) {
        requireContact(contactId);
        Transactions.read(emf, em -> Optional.ofNullable(em.find(LegalHoldEntity.class, contactId))).ifPresent(hold -> {
            throw new IllegalStateException("contact " + contactId + " is under legal hold (" + hold.toHold().reason()
                    + "): their data must be kept, so erasure is refused until the hold is lifted");
        });
        List<ErasureReport.Outcome> outcomes = new ArrayList<>();
        for (ErasureParticipant participant : ordered()) {
            try {
                outcomes.add(new ErasureReport.Outcome(participant.name(),
                        guard.call(participant.name(), "erasure", () -> participant.erase(contactId)), null));
            } catch (PluginFault e) {
                LOG.error("Erasure of contact {}: participant {} failed", contactId, participant.name(), cause(e));
                outcomes.add(new ErasureReport.Outcome(participant.name(), null, e.getMessage()));
            }
        }
        List<String> unreached = unreached();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String who = Columns.clip(actor, 120);
        StringBuilder text = new StringBuilder();
        outcomes.forEach(o -> text.append(o.participant()).append(": ")
                .append(o.error() == null ? o.removed() : "FAILED " + o.error()).append('\n'));
        unreached.forEach(u -> text.append("unreached: ").append(u).append('\n'));
        long id = Transactions.inTransaction(emf, em -> {
            ErasureEntity evidence = new ErasureEntity(contactId, who, now, text.toString());
            em.persist(evidence);
            em.flush();
            return evidence.id();
        });
        ErasureReport report = new ErasureReport(id, contactId, who, now, outcomes, unreached);
        LOG.info("Erasure {} of contact {} by {}: {}", id, contactId, who, report.complete() ? "complete"
                : "INCOMPLETE, see the report");
        return report;
    }

    @Override
    public ContactExport export(long contactId) {
        return export(contactId, ExportRequester.administrator(null));
    }

    @Override
    public ContactExport export(long contactId, String requester, Set<String> roles) {
        return export(contactId, new ExportRequester(requester, roles));
    }

    private ContactExport export(long contactId, ExportRequester requester) {
        requireContact(contactId);
        Map<String, Map<String, Object>> data = new LinkedHashMap<>();
        for (ErasureParticipant participant : ordered()) {
            try {
                data.put(participant.name(), guard.call(participant.name(), "export", () -> participant.export(contactId, requester)));
            } catch (PluginFault e) {
                LOG.error("Export of contact {}: participant {} failed", contactId, participant.name(), cause(e));
                data.put(participant.name(), Map.of("error", "export failed: " + e.getMessage()));
            }
        }
        return new ContactExport(contactId, clock.instant().truncatedTo(ChronoUnit.MILLIS), data, unreached());
    }

    /**
     * Plugins whose capability manifest declares personal data and that registered no participant, as
     * {@code plugin (symbolic-name): description}.
     */
    List<String> unreached() {
        if (context == null) {
            return List.of();
        }
        Set<Long> reached = Set.copyOf(participants.values());
        Set<String> unreached = new TreeSet<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getState() != Bundle.ACTIVE || reached.contains(bundle.getBundleId())) {
                continue;
            }
            PluginManifest.of(bundle).filter(plugin -> plugin.personalData() != null).ifPresent(plugin -> unreached.add(
                    plugin.name() + " (" + bundle.getSymbolicName() + "): " + plugin.personalData()));
        }
        return List.copyOf(unreached);
    }

    /** What the participant threw, for the log's stack trace; the fault itself if it threw nothing. */
    private static Throwable cause(PluginFault fault) {
        return fault.getCause() != null ? fault.getCause() : fault;
    }

    private void requireContact(long contactId) {
        if (contacts.find(contactId).isEmpty()) {
            throw new IllegalArgumentException("contact " + contactId + " does not exist");
        }
    }
}
