package org.rapport.loyalty.impl;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

/** Every member's activity over the last 12 months, a page of members at a time, for rule previews. */
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
        Instant since = clock.instant().atOffset(ZoneOffset.UTC).minusMonths(12).toInstant();
        long after = -1;
        while (true) {
            long from = after;
            List<MemberActivity> page = Transactions.read(emf, em -> {
                List<Object[]> members = em.createQuery("select m.contactId, m.tier from MemberEntity m "
                        + "where m.contactId > :after order by m.contactId", Object[].class)
                        .setParameter("after", from).setMaxResults(batchSize).getResultList();
                if (members.isEmpty()) {
                    return List.of();
                }
                List<Long> ids = new ArrayList<>();
                members.forEach(m -> ids.add((Long) m[0]));
                Map<Long, Object[]> totals = new HashMap<>();
                em.createQuery("select p.contactId, sum(p.amount), count(p) from PurchaseEntity p "
                        + "where p.contactId in :ids and p.occurredAt > :since group by p.contactId", Object[].class)
                        .setParameter("ids", ids).setParameter("since", since).getResultList()
                        .forEach(t -> totals.put((Long) t[0], t));
                List<MemberActivity> activities = new ArrayList<>(members.size());
                for (Object[] m : members) {
                    Object[] t = totals.get((Long) m[0]);
                    BigDecimal spend = t == null ? BigDecimal.ZERO : new BigDecimal(t[1].toString());
                    int purchases = t == null ? 0 : ((Number) t[2]).intValue();
                    activities.add(new MemberActivity((Long) m[0], spend.setScale(2), purchases, (String) m[1]));
                }
                return activities;
            });
            if (page.isEmpty()) {
                return;
            }
            batch.accept(page);
            after = page.get(page.size() - 1).getContactId();
        }
    }
}
