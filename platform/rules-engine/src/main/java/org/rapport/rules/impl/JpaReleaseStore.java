package org.rapport.rules.impl;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.persistence.Transactions;
import org.rapport.rules.api.Release;
import org.rapport.rules.api.RuleCoverage;

/** Keeps releases and shadows in the platform database (persistence unit {@code rapport-rules}). */
@Component(service = ReleaseStore.class)
public class JpaReleaseStore implements ReleaseStore {

    private final EntityManagerFactory emf;

    @Activate
    public JpaReleaseStore(@Reference(target = "(osgi.unit.name=rapport-rules)") EntityManagerFactory emf) {
        this.emf = emf;
    }

    @Override
    public void save(Release release, Map<String, String> files, List<RuleCoverage> coverage) {
        try {
            Transactions.run(emf, em -> em.persist(new ReleaseEntity(release, files, CoverageJson.encode(coverage))));
        } catch (RuntimeException e) {
            // The unique (package, version) index: another node saved that version first.
            if (Transactions.isContention(e)) {
                throw new VersionTaken(release, e);
            }
            throw e;
        }
    }

    @Override
    public List<Release> history(String rulePackage) {
        return Transactions.read(emf, em -> em.createQuery(
                "select r from ReleaseEntity r where r.rulePackage = :p order by r.version desc", ReleaseEntity.class)
                .setParameter("p", rulePackage).getResultList().stream()
                .map(ReleaseEntity::toRelease).collect(Collectors.toList()));
    }

    @Override
    public Optional<Map<String, String>> files(String rulePackage, long version) {
        return Transactions.read(emf, em -> em.createQuery(
                "select r from ReleaseEntity r where r.rulePackage = :p and r.version = :v", ReleaseEntity.class)
                .setParameter("p", rulePackage).setParameter("v", version).getResultList().stream()
                .findFirst().map(ReleaseEntity::content));
    }

    @Override
    public Optional<List<RuleCoverage>> coverage(String rulePackage, long version) {
        return Transactions.read(emf, em -> em.createQuery(
                "select r.coverage from ReleaseEntity r where r.rulePackage = :p and r.version = :v", String.class)
                .setParameter("p", rulePackage).setParameter("v", version).getResultList().stream()
                .filter(Objects::nonNull).findFirst().map(CoverageJson::decode));
    }

    @Override
    public boolean accepted(String rulePackage, String hash) {
        return Transactions.read(emf, em -> em.createQuery(
                "select count(r) from ReleaseEntity r where r.rulePackage = :p and r.hash = :h", Long.class)
                .setParameter("p", rulePackage).setParameter("h", hash).getSingleResult()) > 0;
    }

    @Override
    public List<Release> latest() {
        return Transactions.read(emf, em -> em.createQuery(
                "select r from ReleaseEntity r where r.version = "
                        + "(select max(s.version) from ReleaseEntity s where s.rulePackage = r.rulePackage)",
                ReleaseEntity.class).getResultList().stream()
                .map(ReleaseEntity::toRelease).collect(Collectors.toList()));
    }

    @Override
    public Optional<Release> latest(String rulePackage) {
        return Transactions.read(emf, em -> em.createQuery("select r from ReleaseEntity r where r.rulePackage = :p "
                + "order by r.version desc", ReleaseEntity.class).setParameter("p", rulePackage).setMaxResults(1)
                .getResultList().stream().findFirst().map(ReleaseEntity::toRelease));
    }

    @Override
    public Map<String, Long> latestVersions() {
        Map<String, Long> versions = new HashMap<>();
        Transactions.read(emf, em -> em.createQuery("select r.rulePackage, max(r.version) from ReleaseEntity r "
                + "group by r.rulePackage", Object[].class).getResultList())
                .forEach(row -> versions.put((String) row[0], ((Number) row[1]).longValue()));
        return versions;
    }

    @Override
    public void saveShadow(StoredShadow shadow) {
        // Two nodes starting a shadow of one package at once: the second insert meets the first's row, and updates it.
        Transactions.retrying(emf, 3, em -> {
            ShadowEntity stored = em.find(ShadowEntity.class, shadow.rulePackage());
            if (stored == null) {
                em.persist(new ShadowEntity(shadow));
            } else {
                stored.set(shadow);
            }
            return shadow;
        });
    }

    @Override
    public void deleteShadow(String rulePackage) {
        Transactions.run(emf, em -> {
            em.createQuery("delete from ShadowEntity s where s.rulePackage = :p").setParameter("p", rulePackage)
                    .executeUpdate();
            em.createQuery("delete from ShadowCountEntity c where c.rulePackage = :p").setParameter("p", rulePackage)
                    .executeUpdate();
        });
    }

    @Override
    public List<StoredShadow.Mark> shadows() {
        // Not the files (a CLOB each): every node asks this every second.
        return Transactions.read(emf, em -> em.createQuery("select s.rulePackage, s.hash, s.since from ShadowEntity s",
                Object[].class).getResultList().stream()
                .map(row -> new StoredShadow.Mark((String) row[0], (String) row[1], (Instant) row[2])).toList());
    }

    @Override
    public Optional<StoredShadow> shadow(String rulePackage) {
        return Transactions.read(emf, em -> Optional.ofNullable(em.find(ShadowEntity.class, rulePackage))
                .map(ShadowEntity::toShadow));
    }

    @Override
    public void saveShadowCounts(String rulePackage, ShadowCounts counts) {
        Transactions.retrying(emf, 3, em -> {
            ShadowCountEntity stored = em.find(ShadowCountEntity.class, new ShadowCountEntity.Key(rulePackage, counts.run()));
            if (stored == null) {
                em.persist(new ShadowCountEntity(rulePackage, counts));
            } else {
                stored.set(counts);
            }
            return counts;
        });
    }

    @Override
    public List<ShadowCounts> shadowCounts(String rulePackage) {
        return Transactions.read(emf, em -> em.createQuery("select c from ShadowCountEntity c where c.rulePackage = :p",
                ShadowCountEntity.class).setParameter("p", rulePackage).getResultList().stream()
                .map(ShadowCountEntity::toCounts).toList());
    }
}
