package org.rapport.privacy.impl;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.jobs.JobSource;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.api.DataRetentionRun;
import org.rapport.rest.Roles;

/**
 * Data-retention runs and previews (dry runs) in {@code GET /api/v1/jobs}, each as its evidence.
 * A run goes to its end within the call that asked for it, batch by batch over each source, so it
 * is shown beside the runner's jobs rather than run by it.
 */
@Component(service = JobSource.class)
public class DataRetentionJobs implements JobSource {

    private final EntityManagerFactory emf;

    @Activate
    public DataRetentionJobs(@Reference(target = "(osgi.unit.name=rapport-privacy)") EntityManagerFactory emf) {
        this.emf = emf;
    }

    @Override
    public String kind() {
        return "privacy.data-retention";
    }

    @Override
    public Set<String> roles() {
        return Set.of(Roles.ANALYST);
    }

    @Override
    public List<DataRetentionRun> jobs(int limit) {
        return Transactions.read(emf, em -> em.createQuery("select r from DataRetentionRunEntity r order by r.id desc",
                DataRetentionRunEntity.class).setMaxResults(Math.max(1, limit)).getResultList().stream()
                .map(DataRetentionRunEntity::toRun).toList());
    }

    @Override
    public Optional<DataRetentionRun> job(String id) {
        if (id.isEmpty() || id.length() > 18 || !id.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Transactions.read(emf, em -> Optional.ofNullable(em.find(DataRetentionRunEntity.class, Long.parseLong(id)))
                .map(DataRetentionRunEntity::toRun));
    }
}
