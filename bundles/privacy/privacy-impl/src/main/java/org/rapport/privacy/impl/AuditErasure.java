package org.rapport.privacy.impl;

import java.util.Map;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.spi.ErasureParticipant;

/**
 * The audit log's part in erasure: the entries about the contact stay (who changed what, when),
 * but the states they recorded, which hold the contact's values, are replaced by
 * {@value AuditEntity#ERASED}.
 */
@Component
public class AuditErasure implements ErasureParticipant {

    private final EntityManagerFactory emf;

    @Activate
    public AuditErasure(@Reference(target = "(osgi.unit.name=rapport-privacy)") EntityManagerFactory emf) {
        this.emf = emf;
    }

    @Override
    public String name() {
        return "audit log";
    }

    @Override
    public Map<String, Object> export(long contactId) {
        return Map.of("changes", Transactions.read(emf, em -> em.createQuery("select a from AuditEntity a "
                + "where a.contactId = :c order by a.at", AuditEntity.class).setParameter("c", contactId).getResultList()
                .stream().map(AuditEntity::toEntry).toList()));
    }

    @Override
    public String erase(long contactId) {
        return Transactions.inTransaction(emf, em -> {
            int before = em.createQuery("update AuditEntity a set a.before = :erased where a.contactId = :c "
                    + "and a.before is not null").setParameter("erased", AuditEntity.ERASED).setParameter("c", contactId)
                    .executeUpdate();
            int after = em.createQuery("update AuditEntity a set a.after = :erased where a.contactId = :c "
                    + "and a.after is not null").setParameter("erased", AuditEntity.ERASED).setParameter("c", contactId)
                    .executeUpdate();
            return Math.max(before, after) + " audit entr(ies) kept with their recorded values erased";
        });
    }
}
