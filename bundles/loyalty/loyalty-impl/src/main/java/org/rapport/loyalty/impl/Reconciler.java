package org.rapport.loyalty.impl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;

import org.rapport.loyalty.api.PointsEntry;
import org.rapport.loyalty.api.Reconciliation;
import org.rapport.persistence.Transactions;

/**
 * Checks that the ledger agrees with itself: every entry's lines sum to zero, and each member's
 * balance, ledger lines and unspent credits hold the same points.
 */
final class Reconciler {

    private final EntityManagerFactory emf;

    Reconciler(EntityManagerFactory emf) {
        this.emf = emf;
    }

    Reconciliation reconcile() {
        return Transactions.read(emf, em -> {
            List<String> problems = new ArrayList<>();
            em.createQuery("select l.entryId, sum(l.points) from LineEntity l group by l.entryId "
                    + "having sum(l.points) <> 0", Object[].class).getResultList()
                    .forEach(r -> problems.add("entry " + r[0] + ": its lines sum to " + r[1] + ", not 0"));
            Map<Long, Long> lines = sums(em, "select l.contactId, sum(l.points) from LineEntity l "
                    + "where l.account = '" + PointsEntry.Line.MEMBER + "' group by l.contactId");
            Map<Long, Long> lots = sums(em, "select l.contactId, sum(l.remaining) from LotEntity l group by l.contactId");
            Map<Long, Long> balances = sums(em, "select m.contactId, m.balance from MemberEntity m");
            Set<Long> all = new HashSet<>(balances.keySet());
            all.addAll(lines.keySet());
            long outstanding = 0;
            for (long id : new TreeSet<>(all)) {
                long balance = balances.getOrDefault(id, 0L);
                long sum = lines.getOrDefault(id, 0L);
                long left = lots.getOrDefault(id, 0L);
                outstanding += sum;
                if (balance != sum) {
                    problems.add("member " + id + ": balance " + balance + " but ledger lines sum to " + sum);
                }
                if (left != sum) {
                    problems.add("member " + id + ": ledger lines sum to " + sum + " but unspent credits hold " + left);
                }
                if (balance < 0) {
                    problems.add("member " + id + ": negative balance " + balance);
                }
            }
            long entries = em.createQuery("select count(e) from EntryEntity e", Long.class).getSingleResult();
            return new Reconciliation((int) entries, balances.size(), outstanding, problems);
        });
    }

    private static Map<Long, Long> sums(EntityManager em, String query) {
        Map<Long, Long> sums = new HashMap<>();
        em.createQuery(query, Object[].class).getResultList()
                .forEach(r -> sums.put((Long) r[0], ((Number) r[1]).longValue()));
        return sums;
    }
}
