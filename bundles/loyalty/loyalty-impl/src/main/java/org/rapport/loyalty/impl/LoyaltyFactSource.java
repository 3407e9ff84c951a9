package org.rapport.loyalty.impl;

import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.loyalty.facts.LoyaltyDecisions;
import org.rapport.loyalty.facts.MemberActivity;
import org.rapport.persistence.Transactions;
import org.rapport.rules.api.FactModel;
import org.rapport.rules.api.FactSource;

/** Every member's activity as the tier rules see it, a page of members at a time, for rule previews. */
@Component(property = FactModel.RULE_PACKAGE + "=" + LoyaltyDecisions.RULE_PACKAGE)
public class LoyaltyFactSource implements FactSource {

    private final EntityManagerFactory emf;
    private final Clock clock;

    @Activate
    public LoyaltyFactSource(@Reference(target = "(osgi.unit.name=rapport-loyalty)") EntityManagerFactory emf) {
        this(emf, Clock.systemUTC());
    }

    LoyaltyFactSource(EntityManagerFactory emf, Clock clock) {
        this.emf = emf;
        this.clock = clock;
    }

    @Override
    public long count() {
        return Transactions.read(emf, em -> em.createQuery("select count(m) from MemberEntity m", Long.class)
                .getSingleResult());
    }

    @Override
    public void forEachBatch(int batchSize, Consumer<List<?>> batch) {
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
            batch.accept(page);
            after = page.get(page.size() - 1).getContactId();
        }
    }
}
