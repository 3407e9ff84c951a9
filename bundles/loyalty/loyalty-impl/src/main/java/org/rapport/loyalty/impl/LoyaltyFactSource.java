package org.rapport.loyalty.impl;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.loyalty.facts.MemberActivity;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.FactSource;

/**
 * Every member's activity as the tier rules see it, a page of members at a time, for rule previews:
 * those whose tier may be decided. Where the programme requires the consent gate to be asked
 * ({@code tierProfilingPurpose}, {@link TierConsent}), a member it blocks (one who objected) is left
 * out and counted with the reason, as tier evaluation leaves them out.
 */
@Component(property = FactModel.RULE_PACKAGE + "=" + LoyaltyDecisions.RULE_PACKAGE, configurationPid = LoyaltyConfig.PID)
public class LoyaltyFactSource implements FactSource {

    static final String ACTION = "rule preview";
    private static final String REQUESTER = "preview of rule package '" + LoyaltyDecisions.RULE_PACKAGE + "'";

    private final EntityManagerFactory emf;
    private final Clock clock;
    private final TierConsent tierConsent;

    @Activate
    public LoyaltyFactSource(@Reference(target = "(osgi.unit.name=rapport-loyalty)") EntityManagerFactory emf,
            LoyaltyConfig config) {
        this(emf, Clock.systemUTC(), new TierConsent(null, config.tierProfilingPurpose()));
    }

    LoyaltyFactSource(EntityManagerFactory emf, Clock clock, TierConsent tierConsent) {
        this.emf = emf;
        this.clock = clock;
        this.tierConsent = tierConsent;
    }

    /** A new {@code tierProfilingPurpose} while running (the rules engine's previews keep this source). */
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
    public long count() {
        return Transactions.read(emf, em -> em.createQuery("select count(m) from MemberEntity m", Long.class)
                .getSingleResult());
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
            List<MemberActivity> page = Transactions.read(emf, em -> Activities.of(em,
                    em.createQuery("select m from MemberEntity m where m.contactId > :after order by m.contactId",
                            MemberEntity.class).setParameter("after", from).setMaxResults(batchSize).getResultList(),
                    clock.instant()));
            if (page.isEmpty()) {
                return;
            }
            Set<Long> allowed = tierConsent.allowed(page.stream().map(MemberActivity::getContactId).toList(), ACTION,
                    REQUESTER);
            List<MemberActivity> seen = page.stream().filter(m -> allowed.contains(m.getContactId())).toList();
            if (seen.size() < page.size()) {
                leftOut.leftOut(tierConsent.reason(), page.size() - seen.size());
            }
            if (!seen.isEmpty()) {
                batch.accept(seen);
            }
            after = page.get(page.size() - 1).getContactId();
        }
    }
}
