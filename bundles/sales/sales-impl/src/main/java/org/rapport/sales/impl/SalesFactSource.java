package org.rapport.sales.impl;

import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.contacts.api.InteractionService;
import org.rapport.persistence.Transactions;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.FactSource;
import org.rapport.sales.facts.LeadProfile;
import org.rapport.sales.facts.SalesDecisions;

/** Every open or qualified lead as the scoring rules see it, a page at a time, for rule previews. */
@Component(property = FactModel.RULE_PACKAGE + "=" + SalesDecisions.RULE_PACKAGE, configurationPid = SalesConfig.PID)
public class SalesFactSource implements FactSource {

    private final EntityManagerFactory emf;
    private final LeadProfiles profiles;
    private final Clock clock;

    @Activate
    public SalesFactSource(@Reference(target = "(osgi.unit.name=rapport-sales)") EntityManagerFactory emf,
            @Reference InteractionService interactions, SalesConfig config) {
        this(emf, LeadProfiles.of(interactions, config), Clock.systemUTC());
    }

    SalesFactSource(EntityManagerFactory emf, LeadProfiles profiles, Clock clock) {
        this.emf = emf;
        this.profiles = profiles;
        this.clock = clock;
    }

    @Override
    public long count() {
        return Transactions.read(emf, OpenLeads::count);
    }

    @Override
    public void forEachBatch(int batchSize, Consumer<List<?>> batch) {
        long after = -1;
        while (true) {
            long from = after;
            List<LeadEntity> page = Transactions.read(emf, em -> OpenLeads.after(em, from, batchSize));
            if (page.isEmpty()) {
                return;
            }
            List<LeadProfile> facts = profiles.of(page, clock.instant());
            batch.accept(facts);
            after = page.get(page.size() - 1).id;
        }
    }
}
