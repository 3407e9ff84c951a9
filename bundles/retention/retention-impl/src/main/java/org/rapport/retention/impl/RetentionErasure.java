package org.rapport.retention.impl;

import java.util.LinkedHashMap;
import java.util.Map;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.spi.ErasureParticipant;

/**
 * Retention's part in erasure and export: the activity profile and monthly counts, the episodes,
 * the tasks (with agents' notes) and the feedback (with the customer's words) are exported, and
 * deleted on erasure.
 */
@Component
public class RetentionErasure implements ErasureParticipant {

    private final EntityManagerFactory emf;
    private final RetentionServiceImpl retention;

    @Activate
    public RetentionErasure(@Reference(target = "(osgi.unit.name=rapport-retention)") EntityManagerFactory emf,
            @Reference RetentionServiceImpl retention) {
        this.emf = emf;
        this.retention = retention;
    }

    @Override
    public String name() {
        return "retention";
    }

    @Override
    public Map<String, Object> export(long contactId) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("activity", retention.activity(contactId).map(Object::toString).orElse(null));
        data.put("episodes", retention.episodes(contactId));
        data.put("tasks", Transactions.read(emf, em -> em.createQuery("select t from TaskEntity t where t.contactId = :c "
                + "order by t.id", TaskEntity.class).setParameter("c", contactId).getResultStream().map(TaskEntity::toTask)
                .toList()));
        data.put("feedback", retention.feedback(contactId));
        return data;
    }

    @Override
    public String erase(long contactId) {
        return Transactions.inTransaction(emf, em -> {
            int[] n = new int[5];
            String[] entities = {"FeedbackEntity", "TaskEntity", "EpisodeEntity", "MonthEntity", "ProfileEntity"};
            for (int i = 0; i < entities.length; i++) {
                n[i] = em.createQuery("delete from " + entities[i] + " x where x.contactId = :c").setParameter("c", contactId)
                        .executeUpdate();
            }
            return n[0] + " feedback answer(s), " + n[1] + " task(s), " + n[2] + " episode(s) and the activity profile ("
                    + n[3] + " month(s)) deleted";
        });
    }
}
