package org.rapport.rules.impl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.persistence.Transactions;
import org.rapport.rules.api.Decision;
import org.rapport.rules.api.DecisionLedger;
import org.rapport.rules.api.LedgerEntry;
import org.rapport.rules.api.RuleActivity;

/**
 * The decision ledger in the platform database (table {@code RULE_DECISION}, created by the
 * {@code rapport-rules} unit). Owners write through their own entity manager's connection, so
 * the entry commits or rolls back with the change it explains. The rows go in as one JDBC batch
 * on that connection rather than as native queries: a native query makes the entity manager
 * flush and compare every entity it manages first, which costs an owner that applies decisions
 * to hundreds of entities in one transaction more than the inserts themselves.
 */
@Component(service = DecisionLedger.class)
public class JpaDecisionLedger implements DecisionLedger {

    private static final String INSERT = "INSERT INTO RULE_DECISION (SUBJECT, DECISION_TYPE, ATTRIBUTES, RULE_NAME, "
            + "PACKAGE_NAME, RELEASE_VERSION, FACTS, DECIDED_AT) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final int MAX_LIMIT = 1000;

    private final EntityManagerFactory emf;
    private final Clock clock;

    @Activate
    public JpaDecisionLedger(@Reference(target = "(osgi.unit.name=rapport-rules)") EntityManagerFactory emf) {
        this(emf, Clock.systemUTC());
    }

    JpaDecisionLedger(EntityManagerFactory emf, Clock clock) {
        this.emf = emf;
        this.clock = clock;
        // The table must exist before an owner's first native insert; EclipseLink creates it on first use.
        emf.createEntityManager().close();
    }

    @Override
    public void record(EntityManager em, Collection<Decision> applied, String facts) {
        recordAll(em, applied.stream().map(d -> new Applied(d, facts)).toList());
    }

    @Override
    public void recordAll(EntityManager em, Collection<Applied> applied) {
        if (!em.getTransaction().isActive()) {
            throw new IllegalStateException("decisions are recorded inside the transaction that applies them");
        }
        if (applied.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.valueOf(LocalDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MILLIS),
                ZoneOffset.UTC));
        // Within the transaction, the connection is the transaction's (EclipseLink begins it early).
        Connection connection = em.unwrap(Connection.class);
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (Applied a : applied) {
                Decision d = a.decision();
                insert.setString(1, d.subject());
                insert.setString(2, d.type());
                insert.setString(3, FlatJson.encode(d.attributes()));
                insert.setString(4, d.rule());
                insert.setString(5, d.rulePackage());
                insert.setLong(6, d.release());
                insert.setString(7, a.facts());
                insert.setTimestamp(8, now);
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new PersistenceException("could not record " + applied.size() + " decision(s) in the decision ledger", e);
        }
    }

    @Override
    public int forget(String subject) {
        return Transactions.inTransaction(emf, em -> em.createQuery("delete from DecisionEntity d where d.subject = :s")
                .setParameter("s", subject).executeUpdate());
    }

    @Override
    public List<RuleActivity> activity(Instant from, Instant to) {
        return Transactions.read(emf, em -> em.createQuery(
                "select d.rulePackage, d.release, d.rule, count(d) from DecisionEntity d "
                        + "where d.decidedAt >= :from and d.decidedAt < :to group by d.rulePackage, d.release, d.rule",
                Object[].class).setParameter("from", from).setParameter("to", to).getResultList().stream()
                .map(r -> new RuleActivity((String) r[0], ((Number) r[1]).longValue(), (String) r[2],
                        ((Number) r[3]).longValue()))
                .sorted(Comparator.comparing(RuleActivity::rulePackage)
                        .thenComparing(Comparator.comparingLong(RuleActivity::release).reversed())
                        .thenComparing(Comparator.comparingLong(RuleActivity::decisions).reversed())
                        .thenComparing(RuleActivity::rule))
                .collect(Collectors.toList()));
    }

    @Override
    public List<LedgerEntry> about(String subject, int limit) {
        int rows = Math.max(1, Math.min(limit, MAX_LIMIT));
        return Transactions.read(emf, em -> em.createQuery(
                "select d from DecisionEntity d where d.subject = :s order by d.decidedAt desc, d.id desc",
                DecisionEntity.class).setParameter("s", subject).setMaxResults(rows).getResultList().stream()
                .map(DecisionEntity::toEntry).collect(Collectors.toList()));
    }
}
