package org.rapport.segments.impl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.concurrent.locks.ReentrantLock;

import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactConditions;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.InteractionService;
import org.rapport.persistence.Cluster;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.spi.ConsentGate;
import org.rapport.segments.api.RfmScore;
import org.rapport.segments.api.Segment;
import org.rapport.segments.api.SegmentCount;
import org.rapport.segments.api.SegmentKind;
import org.rapport.segments.api.SegmentPreview;
import org.rapport.segments.api.SegmentService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Segments kept up to date. A condition is run by the contacts ({@link ContactConditions}); this
 * bundle stores who matched. Defining a segment computes its members at once. A watcher checks,
 * every few seconds, the contacts changed since its last check (a contact's
 * {@code UPDATED_AT}, an interaction's {@code RECORDED_AT}, both indexed): their RFM scores are
 * brought up to date against the last scoring's boundaries and their membership of every segment
 * is checked with the segment's own condition restricted to them, so one query per segment and
 * 500 contacts. It reads from a little before its last check, so a transaction that committed
 * late is not missed; checking a contact twice changes nothing. Conditions that age (purchases in
 * the last 90 days) and RFM scores are computed whole every night ({@link NightlySegments}).
 * Membership changes of this node are made one at a time (one lock).
 */
@Component(service = SegmentService.class, configurationPid = SegmentConfig.PID)
@Designate(ocd = SegmentConfig.class)
public class SegmentServiceImpl implements SegmentService {

    private static final int MAX_PAGE = 1000;
    private static final int MAX_SAMPLE = 100;
    private static final int MAX_DAYS = 3660;
    private static final int CHUNK = 500;
    private static final Duration OVERLAP = Duration.ofSeconds(10);
    private static final Duration IDLE_MARK = Duration.ofMinutes(1);
    /** The action RFM scoring is, as the consent gate records it. */
    private static final String RFM = "RFM scores";
    private static final Logger LOG = LoggerFactory.getLogger(SegmentServiceImpl.class);

    private final EntityManagerFactory emf;
    private final ContactConditions conditions;
    private final ContactService contacts;
    private final Clock clock;
    private final RfmScoring scoring;
    private final ProfilingFilter profiling;
    private final ReentrantLock writer = new ReentrantLock();
    private SegmentWatcher watcher;

    @Activate
    public SegmentServiceImpl(@Reference(target = "(osgi.unit.name=rapport-segments)") EntityManagerFactory emf,
            @Reference ContactConditions conditions, @Reference ContactService contacts,
            @Reference InteractionService interactions, @Reference Cluster cluster, @Reference ConsentGate gate,
            SegmentConfig config) {
        this(emf, conditions, contacts, interactions, Clock.systemUTC(), config.rfmWindowDays(), config.rfmCurrency(),
                new ProfilingFilter(gate, config.profilingPurpose()));
        watcher = new SegmentWatcher(cluster, Math.max(1, config.checkEverySeconds()), () -> catchUp());
    }

    /**
     * Segments with no watcher (call {@link #catchUp()}): for tests and embedding.
     *
     * @param profilingPurpose the purpose {@code gate} is asked for before a contact joins a
     *        marketing segment or gets RFM scores; blank to ask nothing
     */
    public SegmentServiceImpl(EntityManagerFactory emf, ContactConditions conditions, ContactService contacts,
            InteractionService interactions, Clock clock, int windowDays, String currency, ConsentGate gate,
            String profilingPurpose) {
        this(emf, conditions, contacts, interactions, clock, windowDays, currency,
                new ProfilingFilter(gate, profilingPurpose));
    }

    private SegmentServiceImpl(EntityManagerFactory emf, ContactConditions conditions, ContactService contacts,
            InteractionService interactions, Clock clock, int windowDays, String currency, ProfilingFilter profiling) {
        this.profiling = profiling;
        this.scoring = new RfmScoring(interactions, windowDays, currency);
        this.emf = emf;
        this.conditions = conditions;
        this.contacts = contacts;
        this.clock = clock;
    }

    @Deactivate
    void stop() throws InterruptedException {
        if (watcher != null) {
            watcher.stop();
        }
    }

    @Override
    public Segment define(String name, String description, String condition, String actor) {
        return define(name, description, condition, null, actor);
    }

    @Override
    public Segment define(String name, String description, String condition, SegmentKind kind, String actor) {
        SegmentDefinition.check(name, description, condition, conditions);
        String text = condition.strip();
        String about = description == null || description.isBlank() ? null : description.strip();
        if (text.toLowerCase(Locale.ROOT).contains("rfm:") && state().bounds() == null) {
            scoreRfm();
        }
        return locked(() -> {
            SegmentKind as = kind != null ? kind : find(name).map(Segment::kind).orElse(SegmentKind.MARKETING);
            Set<Long> matching = members(name, as, matching(text), actor);
            return Transactions.inTransaction(emf, em -> {
                Instant now = clock.instant();
                SegmentEntity segment = em.find(SegmentEntity.class, name, LockModeType.PESSIMISTIC_WRITE);
                if (segment == null) {
                    segment = new SegmentEntity(name);
                    segment.define(about, text, as, now, actor);
                    em.persist(segment);
                } else {
                    segment.define(about, text, as, now, actor);
                }
                em.flush();
                Memberships.refresh(em, name, matching, now);
                return em.find(SegmentEntity.class, name).toDto();
            });
        });
    }

    @Override
    public Optional<Segment> find(String name) {
        return Transactions.read(emf, em -> Optional.ofNullable(em.find(SegmentEntity.class, name)).map(SegmentEntity::toDto));
    }

    @Override
    public List<Segment> list() {
        return Transactions.read(emf, em -> em.createQuery("select s from SegmentEntity s order by s.name", SegmentEntity.class)
                .getResultList().stream().map(SegmentEntity::toDto).toList());
    }

    @Override
    public boolean remove(String name) {
        return locked(() -> Transactions.inTransaction(emf, em -> {
            SegmentEntity segment = em.find(SegmentEntity.class, name);
            if (segment == null) {
                return false;
            }
            em.createQuery("delete from SegmentMemberEntity m where m.segment = :s").setParameter("s", name).executeUpdate();
            em.createQuery("delete from SegmentCountEntity n where n.segment = :s").setParameter("s", name).executeUpdate();
            em.remove(segment);
            return true;
        }));
    }

    @Override
    public SegmentPreview preview(String condition, int sample) {
        if (sample < 0 || sample > MAX_SAMPLE) {
            throw new IllegalArgumentException("a sample is 0 to " + MAX_SAMPLE + " contacts");
        }
        String text = condition == null ? "" : condition.strip();
        try {
            SegmentDefinition.checkCondition(text, conditions);
        } catch (IllegalArgumentException e) {
            throw new ContactValidationException(Map.of("condition", e.getMessage()));
        }
        long members = conditions.count(text);
        List<Contact> some = sample == 0 ? List.of() : contacts.find(conditions.select(text, null, sample));
        return new SegmentPreview(text, members, some);
    }

    @Override
    public Segment refresh(String name) {
        return locked(() -> {
            Segment known = find(name).orElseThrow(() -> new IllegalArgumentException("there is no segment '" + name + "'"));
            Set<Long> matching = members(name, known.kind(), matching(known.condition()),
                    ProfilingFilter.run("refresh", clock.instant()));
            return Transactions.inTransaction(emf, em -> {
                SegmentEntity segment = em.find(SegmentEntity.class, name, LockModeType.PESSIMISTIC_WRITE);
                if (segment == null) {
                    throw new IllegalArgumentException("there is no segment '" + name + "'");
                }
                // Computed before the lock from the condition then; one changed since is computed on its define.
                Memberships.refresh(em, name, matching, clock.instant());
                return em.find(SegmentEntity.class, name).toDto();
            });
        });
    }

    @Override
    public List<Segment> refreshAll() {
        scoreRfm();
        List<Segment> refreshed = new ArrayList<>();
        for (Segment segment : list()) {
            try {
                refreshed.add(refresh(segment.name()));
            } catch (RuntimeException e) {
                // A condition that no longer reads (a property removed since) must not stop the others.
                LOG.warn("Segment {} was not refreshed: {}", segment.name(), e.getMessage());
                refreshed.add(segment);
            }
        }
        return refreshed;
    }

    @Override
    public List<Contact> members(String name, int offset, int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("offset must be >= 0 and limit between 1 and " + MAX_PAGE);
        }
        return contacts.find(Transactions.read(emf, em -> em.createQuery("select m.contactId from SegmentMemberEntity m "
                + "where m.segment = :s order by m.contactId", Long.class).setParameter("s", name).setFirstResult(offset)
                .setMaxResults(limit).getResultList()));
    }

    @Override
    public List<Contact> membersAfter(String name, long afterId, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE);
        }
        return contacts.find(Transactions.read(emf, em -> em.createQuery("select m.contactId from SegmentMemberEntity m "
                + "where m.segment = :s and m.contactId > :after order by m.contactId", Long.class).setParameter("s", name)
                .setParameter("after", afterId).setMaxResults(limit).getResultList()));
    }

    @Override
    public List<Long> memberIds(String name, long afterId, int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE);
        }
        // The contact's row is asked for as membersAfter's reading of the contacts does: a member whose
        // contact was erased a moment ago (the erasure's segments step still to come) is no member.
        return Transactions.read(emf, em -> em.createNativeQuery("select m.CONTACT_ID from SEGMENT_MEMBER m "
                + "where m.SEGMENT_NAME = ? and m.CONTACT_ID > ? "
                + "and exists (select 1 from CONTACT c where c.ID = m.CONTACT_ID) order by m.CONTACT_ID")
                .setParameter(1, name).setParameter(2, afterId).setMaxResults(limit).getResultList().stream()
                .map(id -> ((Number) id).longValue()).toList());
    }

    @Override
    public List<Long> select(String condition, String requester) {
        String text = condition == null ? "" : condition.strip();
        try {
            SegmentDefinition.checkLength(text);
            SegmentDefinition.checkCondition(text, conditions);
        } catch (IllegalArgumentException e) {
            throw new ContactValidationException(Map.of("condition", e.getMessage()));
        }
        Set<Long> matching = matching(text);
        Set<Long> allowed = requester == null ? profiling.previewed(matching)
                : profiling.allowed(matching, "an audience selected by '" + text + "'", requester);
        return allowed.stream().sorted().toList();
    }

    @Override
    public List<SegmentCount> counts(String name, LocalDate from, LocalDate to) {
        if (from.isAfter(to) || ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw new IllegalArgumentException("from must not be after to, and at most " + MAX_DAYS + " days apart");
        }
        return Transactions.read(emf, em -> SegmentCounts.between(em, name, from, to, today(clock.instant()), MAX_DAYS));
    }

    @Override
    public List<String> segmentsOf(long contactId) {
        return Transactions.read(emf, em -> em.createQuery("select m.segment from SegmentMemberEntity m "
                + "where m.contactId = :c order by m.segment", String.class).setParameter("c", contactId).getResultList());
    }

    @Override
    public Optional<RfmScore> rfm(long contactId) {
        return Transactions.read(emf, em -> Optional.ofNullable(em.find(RfmScoreEntity.class, contactId))
                .map(RfmScoreEntity::toDto));
    }

    /**
     * Checks the contacts changed since the last check against every segment (and brings their
     * RFM scores up to date); answers how many contacts were checked.
     */
    public int catchUp() {
        return locked(() -> {
            Instant now = clock.instant();
            SegmentStateEntity state = state();
            Instant from = (state.caughtUpTo() == null ? now : state.caughtUpTo()).minus(OVERLAP);
            List<SegmentEntity> segments = Transactions.read(emf, em -> em.createQuery("select s from SegmentEntity s "
                    + "order by s.name", SegmentEntity.class).getResultList());
            Rfm.Bounds bounds = state.bounds();
            Set<Long> changed = new TreeSet<>();
            if (!segments.isEmpty() || bounds != null) {
                changed.addAll(conditions.changedSince(from));
            }
            List<Long> ids = new ArrayList<>(changed);
            for (int start = 0; start < ids.size(); start += CHUNK) {
                List<Long> chunk = ids.subList(start, Math.min(ids.size(), start + CHUNK));
                if (bounds != null) {
                    Set<Long> scored = profiling.allowed(chunk, RFM, ProfilingFilter.WATCHER);
                    // Committed first: the segments' rfm: words read the scores through the contacts' unit.
                    Transactions.run(emf, em -> scoring.rescore(em, chunk, scored, bounds, now));
                }
                for (SegmentEntity segment : segments) {
                    recheck(segment, chunk, now);
                }
            }
            // With nothing to check, the mark moves once a minute rather than at every check.
            if (!ids.isEmpty() || !segments.isEmpty() || bounds != null || state.caughtUpTo() == null
                    || state.caughtUpTo().isBefore(now.minus(IDLE_MARK))) {
                Transactions.run(emf, em -> SegmentStateEntity.row(em).caughtUpTo(now));
            }
            return ids.size();
        });
    }

    /** Scores every buyer's RFM from the purchases in the window, replacing the last scoring. */
    public int scoreRfm() {
        return locked(() -> {
            Instant now = clock.instant();
            List<Rfm.Figures> figures = scoring.figures(now, null);
            Set<Long> allowed = profiling.allowed(figures.stream().map(Rfm.Figures::contactId).toList(), RFM,
                    ProfilingFilter.run("RFM scoring", now));
            List<Rfm.Figures> buyers = figures.stream().filter(f -> allowed.contains(f.contactId())).toList();
            Transactions.run(emf, em -> {
                // Scoring clears the persistence context: the state row is read after it.
                Rfm.Bounds bounds = scoring.scoreAll(em, buyers, now);
                SegmentStateEntity.row(em).scored(bounds, now);
            });
            return buyers.size();
        });
    }

    /** The contacts a condition selects now. */
    private Set<Long> matching(String condition) {
        return new HashSet<>(conditions.select(condition, null, Integer.MAX_VALUE));
    }

    /** Of the contacts matching a segment's condition, those who are to be its members. */
    private Set<Long> members(String segment, SegmentKind kind, Set<Long> matching, String requester) {
        return kind == SegmentKind.MARKETING ? profiling.members(segment, matching, requester) : matching;
    }

    /** Checks {@code ids} against one segment. */
    private void recheck(SegmentEntity segment, List<Long> ids, Instant now) {
        Set<Long> matching;
        try {
            matching = members(segment.name(), segment.kind(), new HashSet<>(conditions.select(segment.condition(), ids,
                    ids.size())), ProfilingFilter.WATCHER);
        } catch (IllegalArgumentException e) {
            LOG.warn("Segment {} cannot be checked: {}", segment.name(), e.getMessage());
            return;
        }
        Transactions.run(emf, em -> Memberships.recheck(em, segment.name(), matching, ids, now));
    }

    private SegmentStateEntity state() {
        return Transactions.inTransaction(emf, SegmentStateEntity::row);
    }

    private static LocalDate today(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC);
    }

    private <T> T locked(Supplier<T> work) {
        writer.lock();
        try {
            return work.get();
        } finally {
            writer.unlock();
        }
    }
}
