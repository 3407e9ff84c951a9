package org.rapport.sales.impl;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.rapport.contacts.api.InteractionService;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.FactSource;
import org.rapport.sales.facts.LeadProfile;
import org.rapport.sales.facts.SalesDecisions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every open or qualified lead as the scoring rules see it, a page at a time, for rule previews:
 * those the scoring rules may see. As scoring does ({@link ScoringConsent}), the consent gate is
 * asked for {@code scoringProfilingPurpose} first, and a lead whose contact it blocks (one who
 * objected to profiling) is left out and counted with the reason.
 */
@Component(property = FactModel.RULE_PACKAGE + "=" + SalesDecisions.RULE_PACKAGE, configurationPid = SalesConfig.PID)
public class SalesFactSource implements FactSource {

    private static final Logger LOG = LoggerFactory.getLogger(SalesFactSource.class);
    static final String ACTION = "rule preview";
    private static final String REQUESTER = "preview of rule package '" + SalesDecisions.RULE_PACKAGE + "'";

    private final EntityManagerFactory emf;
    private volatile LeadProfiles profiles;
    private volatile ScoringConsent consent;
    private final Clock clock;
    private InteractionService interactions;
    private ConsentGate gate;

    @Activate
    public SalesFactSource(@Reference(target = "(osgi.unit.name=rapport-sales)") EntityManagerFactory emf,
            @Reference InteractionService interactions, @Reference ConsentGate gate, SalesConfig config) {
        this(emf, LeadProfiles.of(interactions, config), ScoringConsent.of(gate, config), Clock.systemUTC());
        this.interactions = interactions;
        this.gate = gate;
    }

    /** New settings while running (the rules engine's previews keep this source). A bad value is refused, naming its key. */
    @Modified
    void modified(SalesConfig config) {
        try {
            LeadProfiles newProfiles = LeadProfiles.of(interactions, config);
            ScoringConsent newConsent = ScoringConsent.of(gate, config);
            synchronized (this) {
                profiles = newProfiles;
                consent = newConsent;
            }
        } catch (IllegalArgumentException refused) {
            LOG.error("New settings of etc/{}.cfg refused, the previous ones still apply: {}", SalesConfig.PID,
                    refused.getMessage());
        }
    }

    SalesFactSource(EntityManagerFactory emf, LeadProfiles profiles, ScoringConsent consent, Clock clock) {
        this.emf = emf;
        this.profiles = profiles;
        this.consent = consent;
        this.clock = clock;
    }

    @Override
    public long count() {
        return Transactions.read(emf, OpenLeads::count);
    }

    @Override
    public void forEachBatch(int batchSize, Consumer<List<?>> batch) {
        forEachBatch(batchSize, batch, (reason, subjects) -> {
        });
    }

    @Override
    public void forEachBatch(int batchSize, Consumer<List<?>> batch, LeftOut leftOut) {
        long after = -1;
        while (true) {
            long from = after;
            List<LeadEntity> page = Transactions.read(emf, em -> OpenLeads.after(em, from, batchSize));
            if (page.isEmpty()) {
                return;
            }
            Set<Long> blocked = consent.blocked(page, ACTION, REQUESTER);
            List<LeadEntity> seen = page.stream().filter(l -> l.contactId == null || !blocked.contains(l.contactId))
                    .toList();
            if (seen.size() < page.size()) {
                leftOut.leftOut(consent.reason(), page.size() - seen.size());
            }
            if (!seen.isEmpty()) {
                List<LeadProfile> facts = profiles.of(seen, clock.instant());
                batch.accept(facts);
            }
            after = page.get(page.size() - 1).id;
        }
    }
}
