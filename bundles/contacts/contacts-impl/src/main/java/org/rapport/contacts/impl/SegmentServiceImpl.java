package org.rapport.contacts.impl;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.LockModeType;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactProperties;
import org.rapport.contacts.api.ContactValidationException;
import org.rapport.contacts.api.RfmScore;
import org.rapport.contacts.api.Segment;
import org.rapport.contacts.api.SegmentCount;
import org.rapport.contacts.api.SegmentPreview;
import org.rapport.contacts.api.SegmentService;
import org.rapport.persistence.Cluster;
import org.rapport.persistence.Transactions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Segments kept up to date. Defining a segment computes its members in the same transaction. A
 * watcher checks, every few seconds, the contacts changed since its last check (a contact's
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

    static final int MAX_CONDITION_WORDS = 32;
    private static final int MAX_CONDITION = 2000;
    private static final int MAX_DESCRIPTION = 500;
    private static final int MAX_SAMPLE = 100;
    private static final int MAX_DAYS = 3660;
    private static final int CHUNK = 500;
    private static final Duration OVERLAP = Duration.ofSeconds(10);
    private static final Duration IDLE_MARK = Duration.ofMinutes(1);
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    private static final Logger LOG = LoggerFactory.getLogger(SegmentServiceImpl.class);

    private final EntityManagerFactory emf;
    private final ContactProperties properties;
    private final Clock clock;
    private final int windowDays;
    private final String currency;
    private final ReentrantLock writer = new ReentrantLock();
    private ScheduledExecutorService watcher;
    private Cluster cluster;

    @Activate
    public SegmentServiceImpl(@Reference(target = "(osgi.unit.name=rapport-contacts)") EntityManagerFactory emf,
            @Reference ContactProperties properties, @Reference Cluster cluster, SegmentConfig config) {
        this(emf, properties, Clock.systemUTC(), config.rfmWindowDays(), config.rfmCurrency());
        this.cluster = cluster;
        int seconds = Math.max(1, config.checkEverySeconds());
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "rapport-segments");
            thread.setDaemon(true);
            return thread;
        });
        watcher.scheduleWithFixedDelay(this::check, seconds, seconds, TimeUnit.SECONDS);
    }

    /** Segments with no watcher (call {@link #catchUp()}): for tests and embedding. */
    public SegmentServiceImpl(EntityManagerFactory emf, ContactProperties properties, Clock clock, int windowDays,
            String currency) {
        if (windowDays < 1) {
            throw new IllegalArgumentException("the RFM window is at least one day, not " + windowDays);
        }
        if (currency != null && !currency.isBlank() && !currency.strip().matches("[A-Za-z]{3}")) {
            throw new IllegalArgumentException("rfmCurrency must be an ISO 4217 code such as EUR, not '" + currency + "'");
        }
        this.emf = emf;
        this.properties = properties;
        this.clock = clock;
        this.windowDays = windowDays;
        this.currency = currency == null || currency.isBlank() ? null : currency.strip().toUpperCase(Locale.ROOT);
    }

    @Deactivate
    void stop() throws InterruptedException {
        if (watcher == null) {
            return;
        }
        watcher.shutdown();
        // A check under way finishes its chunk of contacts; the next start goes on from the last saved one.
        watcher.awaitTermination(30, TimeUnit.SECONDS);
    }

    /** A check of changed contacts; with several nodes on one database, one node checks at a time. */
    private void check() {
        try (Cluster.Lease lease = cluster.tryLock("segments.watch").orElse(null)) {
            if (lease != null) {
                catchUp();
            }
        } catch (RuntimeException e) {
            LOG.warn("Checking changed contacts against the segments failed; trying again: {}", e.toString());
        }
    }

    @Override
    public Segment define(String name, String description, String condition, String actor) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (name == null || !NAME.matcher(name).matches()) {
            errors.put("name", "'" + name + "' must be lower-case letters, digits and '-', starting with a letter, "
                    + "at most 64");
        }
        String text = condition == null ? "" : condition.strip();
        if (text.length() > MAX_CONDITION) {
            errors.put("condition", "is longer than " + MAX_CONDITION + " characters");
        } else {
            try {
                parse(text, clock.instant());
            } catch (IllegalArgumentException e) {
                errors.put("condition", e.getMessage());
            }
        }
        String about = description == null || description.isBlank() ? null : description.strip();
        if (about != null && about.length() > MAX_DESCRIPTION) {
            errors.put("description", "is longer than " + MAX_DESCRIPTION + " characters");
        }
        if (!errors.isEmpty()) {
            throw new ContactValidationException(errors);
        }
        if (text.toLowerCase(Locale.ROOT).contains("rfm:") && state().bounds() == null) {
            scoreRfm();
        }
        return locked(() -> Transactions.inTransaction(emf, em -> {
            Instant now = clock.instant();
            SegmentEntity segment = em.find(SegmentEntity.class, name, LockModeType.PESSIMISTIC_WRITE);
            if (segment == null) {
                segment = new SegmentEntity(name);
                segment.define(about, text, now, actor);
                em.persist(segment);
            } else {
                segment.define(about, text, now, actor);
            }
            em.flush();
            refresh(em, name, text, now);
            return em.find(SegmentEntity.class, name).toDto();
        }));
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
        ContactSearch search;
        try {
            search = parse(condition == null ? "" : condition.strip(), clock.instant());
        } catch (IllegalArgumentException e) {
            throw new ContactValidationException(Map.of("condition", e.getMessage()));
        }
        return Transactions.read(emf, em -> {
            long members = search.query(em, "select count(c)", Long.class, "").getSingleResult();
            List<Contact> some = sample == 0 ? List.of() : ContactSearch.withDetails(em,
                    search.query(em, "select c", ContactEntity.class, " order by c.id").setMaxResults(sample).getResultList());
            return new SegmentPreview(condition.strip(), members, some);
        });
    }

    @Override
    public Segment refresh(String name) {
        return locked(() -> Transactions.inTransaction(emf, em -> {
            SegmentEntity segment = em.find(SegmentEntity.class, name, LockModeType.PESSIMISTIC_WRITE);
            if (segment == null) {
                throw new IllegalArgumentException("there is no segment '" + name + "'");
            }
            refresh(em, name, segment.condition(), clock.instant());
            return em.find(SegmentEntity.class, name).toDto();
        }));
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
        ContactServiceImpl.checkPage(offset, limit);
        return Transactions.read(emf, em -> ContactSearch.withDetails(em, em.createQuery("select c from ContactEntity c, "
                + "SegmentMemberEntity m where m.segment = :s and m.contactId = c.id order by c.id", ContactEntity.class)
                .setParameter("s", name).setFirstResult(offset).setMaxResults(limit).getResultList()));
    }

    @Override
    public List<SegmentCount> counts(String name, LocalDate from, LocalDate to) {
        if (from.isAfter(to) || ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw new IllegalArgumentException("from must not be after to, and at most " + MAX_DAYS + " days apart");
        }
        return Transactions.read(emf, em -> {
            List<SegmentCountEntity> rows = em.createQuery("select n from SegmentCountEntity n where n.segment = :s "
                    + "and n.day <= :to order by n.day desc", SegmentCountEntity.class).setParameter("s", name)
                    .setParameter("to", to).setMaxResults(MAX_DAYS + 1).getResultList();
            List<SegmentCount> counts = new ArrayList<>();
            if (rows.isEmpty()) {
                return counts;
            }
            Map<LocalDate, SegmentCountEntity> byDay = new HashMap<>();
            rows.forEach(row -> byDay.put(row.day(), row));
            LocalDate first = rows.get(rows.size() - 1).day();
            LocalDate last = to.isAfter(today(clock.instant())) ? today(clock.instant()) : to;
            // A day without a count kept the size of the day before, with nobody joining or leaving.
            long members = members(rows, from);
            for (LocalDate day = first.isAfter(from) ? first : from; !day.isAfter(last); day = day.plusDays(1)) {
                SegmentCountEntity row = byDay.get(day);
                if (row != null) {
                    members = row.members();
                    counts.add(row.toDto());
                } else {
                    counts.add(new SegmentCount(day, members, 0, 0));
                }
            }
            return counts;
        });
    }

    /** The members at the end of the last day before {@code from} that has a count, or 0. */
    private static long members(List<SegmentCountEntity> newestFirst, LocalDate from) {
        for (SegmentCountEntity row : newestFirst) {
            if (row.day().isBefore(from)) {
                return row.members();
            }
        }
        return 0;
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
                Transactions.read(emf, em -> {
                    changed.addAll(em.createQuery("select c.id from ContactEntity c where c.updatedAt >= :from", Long.class)
                            .setParameter("from", from).getResultList());
                    changed.addAll(em.createQuery("select distinct i.contactId from InteractionEntity i "
                            + "where i.recordedAt >= :from", Long.class).setParameter("from", from).getResultList());
                    return null;
                });
            }
            List<Long> ids = new ArrayList<>(changed);
            for (int start = 0; start < ids.size(); start += CHUNK) {
                List<Long> chunk = ids.subList(start, Math.min(ids.size(), start + CHUNK));
                Transactions.run(emf, em -> {
                    if (bounds != null) {
                        rescore(em, chunk, bounds, now);
                    }
                    for (SegmentEntity segment : segments) {
                        recheck(em, segment, chunk, now);
                    }
                });
            }
            // With nothing to check, the mark moves once a minute rather than at every check.
            if (!ids.isEmpty() || !segments.isEmpty() || bounds != null || state.caughtUpTo() == null
                    || state.caughtUpTo().isBefore(now.minus(IDLE_MARK))) {
                Transactions.run(emf, em -> {
                    SegmentStateEntity row = em.find(SegmentStateEntity.class, SegmentStateEntity.ID);
                    row.caughtUpTo(now);
                });
            }
            return ids.size();
        });
    }

    /** Scores every buyer's RFM from the purchases in the window, replacing the last scoring. */
    public int scoreRfm() {
        return locked(() -> {
            Instant now = clock.instant();
            List<Rfm.Figures> buyers = Transactions.read(emf, em -> figures(em, now, null));
            Rfm.Bounds bounds = Rfm.Bounds.of(buyers, now, windowDays);
            Transactions.run(emf, em -> {
                em.createQuery("delete from RfmScoreEntity s").executeUpdate();
                int n = 0;
                for (Rfm.Figures f : buyers) {
                    RfmScoreEntity score = new RfmScoreEntity(f.contactId());
                    score.score(f, bounds.score(f, now), now);
                    em.persist(score);
                    if (++n % 1000 == 0) {
                        em.flush();
                        em.clear();
                    }
                }
                em.flush();
                em.clear();
                stateRow(em).scored(bounds, now);
            });
            return buyers.size();
        });
    }

    private ContactSearch parse(String condition, Instant now) {
        return ContactSearch.parse(condition, new ContactSearch.Vocabulary(properties::definition, null, now,
                MAX_CONDITION_WORDS));
    }

    /** Computes the members of a segment whole and stores the difference. */
    private void refresh(EntityManager em, String name, String condition, Instant now) {
        ContactSearch search = parse(condition, now);
        Set<Long> matching = new HashSet<>(search.query(em, "select c.id", Long.class, "").getResultList());
        Set<Long> current = new HashSet<>(em.createQuery("select m.contactId from SegmentMemberEntity m "
                + "where m.segment = :s", Long.class).setParameter("s", name).getResultList());
        store(em, name, matching, current, now, true);
    }

    /** Checks {@code ids} against one segment. */
    private void recheck(EntityManager em, SegmentEntity segment, List<Long> ids, Instant now) {
        ContactSearch search;
        try {
            search = parse(segment.condition(), now);
        } catch (IllegalArgumentException e) {
            LOG.warn("Segment {} cannot be checked: {}", segment.name(), e.getMessage());
            return;
        }
        Set<Long> matching = new HashSet<>(search.query(em, "select c.id", " and c.id in :changed", Long.class, "")
                .setParameter("changed", ids).getResultList());
        Set<Long> current = new HashSet<>(em.createQuery("select m.contactId from SegmentMemberEntity m "
                + "where m.segment = :s and m.contactId in :changed", Long.class).setParameter("s", segment.name())
                .setParameter("changed", ids).getResultList());
        if (!matching.equals(current)) {
            store(em, segment.name(), matching, current, now, false);
        }
    }

    /**
     * Stores who joined and who left, the segment's size, and the day's count. {@code whole}: the
     * sets are the whole segment, so its size is {@code matching}'s; otherwise the size changes by
     * the difference.
     */
    private static void store(EntityManager em, String name, Set<Long> matching, Set<Long> current, Instant now,
            boolean whole) {
        List<Long> left = current.stream().filter(id -> !matching.contains(id)).toList();
        List<Long> joined = matching.stream().filter(id -> !current.contains(id)).sorted().toList();
        for (int start = 0; start < left.size(); start += 1000) {
            em.createQuery("delete from SegmentMemberEntity m where m.segment = :s and m.contactId in :ids")
                    .setParameter("s", name).setParameter("ids", left.subList(start, Math.min(left.size(), start + 1000)))
                    .executeUpdate();
        }
        int n = 0;
        for (long id : joined) {
            em.persist(new SegmentMemberEntity(name, id, now));
            if (++n % 1000 == 0) {
                em.flush();
                em.clear();
            }
        }
        em.flush();
        em.clear();
        resize(em, name, whole ? (long) matching.size() : null, joined.size(), left.size(), now);
    }

    /**
     * Sets a segment's size, {@code whole} when computed whole or else changed by who joined and
     * left, and adds them to the day's count.
     */
    private static void resize(EntityManager em, String name, Long whole, long joined, long left, Instant now) {
        // Locked, and so read from the database: another node's change to the size is not lost.
        SegmentEntity segment = em.find(SegmentEntity.class, name, LockModeType.PESSIMISTIC_WRITE);
        long members = whole != null ? whole : segment.members() + joined - left;
        segment.members(members, whole != null ? now : null);
        LocalDate day = today(now);
        SegmentCountEntity row = em.find(SegmentCountEntity.class, new SegmentCountEntity.Key(name, day));
        if (row == null) {
            row = new SegmentCountEntity(name, day);
            em.persist(row);
        }
        row.add(members, joined, left);
    }

    /**
     * Takes erased contacts out of every segment (their RFM scores too), in the erasure's
     * transaction; answers how many memberships went.
     */
    static int forget(EntityManager em, List<Long> contactIds, Instant now) {
        List<Object[]> held = em.createQuery("select m.segment, count(m) from SegmentMemberEntity m "
                + "where m.contactId in :c group by m.segment", Object[].class).setParameter("c", contactIds).getResultList();
        int removed = em.createQuery("delete from SegmentMemberEntity m where m.contactId in :c")
                .setParameter("c", contactIds).executeUpdate();
        em.createQuery("delete from RfmScoreEntity s where s.contactId in :c").setParameter("c", contactIds).executeUpdate();
        for (Object[] segment : held) {
            resize(em, (String) segment[0], null, 0, ((Number) segment[1]).longValue(), now);
        }
        return removed;
    }

    /** Brings the RFM scores of {@code ids} up to date against the last scoring's boundaries. */
    private void rescore(EntityManager em, List<Long> ids, Rfm.Bounds bounds, Instant now) {
        Map<Long, Rfm.Figures> figures = new HashMap<>();
        figures(em, now, ids).forEach(f -> figures.put(f.contactId(), f));
        for (long id : ids) {
            RfmScoreEntity score = em.find(RfmScoreEntity.class, id);
            Rfm.Figures f = figures.get(id);
            if (f == null) {
                if (score != null) {
                    em.remove(score);
                }
                continue;
            }
            if (score == null) {
                score = new RfmScoreEntity(id);
                em.persist(score);
            }
            score.score(f, bounds.score(f, now), now);
        }
        em.flush();
    }

    /**
     * Each buyer's purchases in the window: of {@code ids} only, or of everybody. In SQL: the
     * latest purchase time is read as a plain timestamp (JPQL's {@code max} of an attribute with a
     * converter fails in EclipseLink).
     */
    @SuppressWarnings("unchecked")
    private List<Rfm.Figures> figures(EntityManager em, Instant now, List<Long> ids) {
        StringBuilder sql = new StringBuilder("select CONTACT_ID, max(OCCURRED_AT), count(*), sum(AMOUNT) from INTERACTION "
                + "where TYPE = ? and OCCURRED_AT >= ?");
        if (currency != null) {
            sql.append(" and CURRENCY = ?");
        }
        if (ids != null) {
            // Numbers only: written into the statement.
            sql.append(" and CONTACT_ID in (").append(String.join(",", ids.stream().map(String::valueOf).toList()))
                    .append(")");
        }
        javax.persistence.Query query = em.createNativeQuery(sql.append(" group by CONTACT_ID").toString())
                .setParameter(1, ContactSearch.PURCHASE)
                .setParameter(2, Timestamp.valueOf(LocalDateTime.ofInstant(now.minus(Duration.ofDays(windowDays)),
                        ZoneOffset.UTC)));
        if (currency != null) {
            query.setParameter(3, currency);
        }
        List<Rfm.Figures> figures = new ArrayList<>();
        for (Object[] row : (List<Object[]>) query.getResultList()) {
            BigDecimal spent = row[3] == null ? BigDecimal.ZERO : new BigDecimal(row[3].toString());
            Instant last = ((Timestamp) row[1]).toLocalDateTime().toInstant(ZoneOffset.UTC);
            figures.add(new Rfm.Figures(((Number) row[0]).longValue(), last, ((Number) row[2]).longValue(), spent));
        }
        return figures;
    }

    private SegmentStateEntity state() {
        return Transactions.inTransaction(emf, SegmentServiceImpl::stateRow);
    }

    private static SegmentStateEntity stateRow(EntityManager em) {
        SegmentStateEntity state = em.find(SegmentStateEntity.class, SegmentStateEntity.ID);
        if (state == null) {
            state = SegmentStateEntity.first();
            em.persist(state);
        }
        return state;
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
