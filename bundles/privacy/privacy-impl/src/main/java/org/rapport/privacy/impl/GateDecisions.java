package org.rapport.privacy.impl;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.TypedQuery;

import org.rapport.contacts.api.Channel;
import org.rapport.persistence.Columns;
import org.rapport.persistence.InLists;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.api.Consent;
import org.rapport.privacy.api.ConsentState;
import org.rapport.privacy.api.LawfulBasis;
import org.rapport.privacy.spi.ConsentVerdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the consent gate decides, by the lawful basis of the purpose, and the blocks it records. On
 * consent, an action needs a grant in force; on legitimate interests, it goes ahead unless the
 * newest record is a withdrawal (an objection).
 */
final class GateDecisions {

    private static final Logger LOG = LoggerFactory.getLogger(GateDecisions.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    /** Contacts per query of a batch: well inside every database's limit on an {@code in} list. */
    private static final int CHUNK = 1000;

    private final EntityManagerFactory emf;
    private final PurposeBases bases;

    GateDecisions(EntityManagerFactory emf, PurposeBases bases) {
        this.emf = emf;
        this.bases = bases;
    }

    /** The verdict for one contact, the block recorded when it is one. */
    ConsentVerdict check(long contactId, String wanted, String asked, Channel channel, String action, String requester,
            Instant now) {
        ConsentVerdict verdict = unknown(wanted, asked).orElseGet(() -> verdict(wanted, channel,
                Transactions.read(emf, em -> decisive(em, contactId, wanted, channel)), now));
        if (!verdict.allowed()) {
            Transactions.run(emf, em -> em.persist(block(contactId, wanted, channel, action, requester, verdict, now)));
            logBlock(contactId, wanted, channel, requester, verdict);
        }
        return verdict;
    }

    /** A question of a batch, its purpose as asked and as stored, and its channel read. */
    record Asked(long contactId, String wanted, String asked, Channel channel, String action, String requester) {
    }

    /**
     * The verdict for each question, as {@link #check} gives it: the records read per purpose and
     * channel a thousand contacts a query ({@link #preview}), every block written in one transaction.
     */
    List<ConsentVerdict> checkAll(List<Asked> questions, Instant now) {
        record Group(String wanted, String asked, Channel channel) {
        }
        Map<Group, Set<Long>> contacts = new LinkedHashMap<>();
        for (Asked q : questions) {
            contacts.computeIfAbsent(new Group(q.wanted(), q.asked(), q.channel()), g -> new LinkedHashSet<>())
                    .add(q.contactId());
        }
        Map<Group, Map<Long, ConsentVerdict>> decided = new HashMap<>();
        contacts.forEach((g, ids) -> decided.put(g, preview(ids, g.wanted(), g.asked(), g.channel(), now)));
        List<ConsentVerdict> verdicts = questions.stream()
                .map(q -> decided.get(new Group(q.wanted(), q.asked(), q.channel())).get(q.contactId())).toList();
        if (verdicts.stream().allMatch(ConsentVerdict::allowed)) {
            return verdicts;
        }
        Transactions.run(emf, em -> {
            for (int i = 0; i < questions.size(); i++) {
                Asked q = questions.get(i);
                if (!verdicts.get(i).allowed()) {
                    em.persist(block(q.contactId(), q.wanted(), q.channel(), q.action(), q.requester(), verdicts.get(i), now));
                }
            }
        });
        for (int i = 0; i < questions.size(); i++) {
            Asked q = questions.get(i);
            if (!verdicts.get(i).allowed()) {
                logBlock(q.contactId(), q.wanted(), q.channel(), q.requester(), verdicts.get(i));
            }
        }
        return verdicts;
    }

    private static void logBlock(long contactId, String wanted, Channel channel, String requester, ConsentVerdict verdict) {
        // Not the action: it is the caller's free text and may name the person; the table keeps it, erasably.
        LOG.info("Consent gate blocked an action for contact {} ({} by {}), asked by {}: {}", contactId, wanted,
                ConsentServiceImpl.channelLabel(channel), requester, verdict.reason());
    }

    /** Profiling verdicts for many contacts, a thousand per query; a block already recorded is not recorded again. */
    Map<Long, ConsentVerdict> checkProfiling(Collection<Long> contactIds, String wanted, String asked, String action,
            String requester, Instant now) {
        List<Long> ids = new ArrayList<>(new LinkedHashSet<>(contactIds));
        Map<Long, ConsentVerdict> verdicts = new HashMap<>();
        Optional<ConsentVerdict> unknown = unknown(wanted, asked);
        int blocked = 0;
        for (int start = 0; start < ids.size(); start += CHUNK) {
            List<Long> chunk = ids.subList(start, Math.min(ids.size(), start + CHUNK));
            Map<Long, Consent> newest = unknown.isPresent() ? Map.of() : Transactions.read(emf, em -> newest(em, chunk, wanted, null));
            Map<Long, ConsentVerdict> page = new HashMap<>();
            for (long id : chunk) {
                page.put(id, unknown.orElseGet(() -> verdict(wanted, null, Optional.ofNullable(newest.get(id)), now)));
            }
            blocked += recordBlocks(page, wanted, action, requester, now);
            verdicts.putAll(page);
        }
        if (blocked > 0) {
            LOG.info("Consent gate blocked {} for {} contact(s), asked by {}", wanted, blocked, requester);
        }
        return verdicts;
    }

    /** What {@link #check} would answer for each contact, a thousand per query, recording nothing. */
    Map<Long, ConsentVerdict> preview(Collection<Long> contactIds, String wanted, String asked, Channel channel,
            Instant now) {
        List<Long> ids = new ArrayList<>(new LinkedHashSet<>(contactIds));
        Map<Long, ConsentVerdict> verdicts = new HashMap<>();
        Optional<ConsentVerdict> unknown = unknown(wanted, asked);
        for (int start = 0; start < ids.size(); start += CHUNK) {
            List<Long> chunk = ids.subList(start, Math.min(ids.size(), start + CHUNK));
            Map<Long, Consent> newest = unknown.isPresent() ? Map.of()
                    : Transactions.read(emf, em -> newest(em, chunk, wanted, channel));
            for (long id : chunk) {
                verdicts.put(id, unknown.orElseGet(() -> verdict(wanted, channel, Optional.ofNullable(newest.get(id)), now)));
            }
        }
        return verdicts;
    }

    private Optional<ConsentVerdict> unknown(String wanted, String asked) {
        if (bases.purposes().contains(wanted)) {
            return Optional.empty();
        }
        return Optional.of(new ConsentVerdict(false, "'" + asked + "' is not a purpose consent is recorded for; one of "
                + String.join(", ", bases.purposes()), null));
    }

    /** Records the blocks of {@code page} not recorded before with the same action, requester and reason. */
    private int recordBlocks(Map<Long, ConsentVerdict> page, String wanted, String action, String requester,
            Instant now) {
        List<Long> blocked = page.entrySet().stream().filter(e -> !e.getValue().allowed()).map(Map.Entry::getKey)
                .sorted().toList();
        if (blocked.isEmpty()) {
            return 0;
        }
        String purpose = purposeColumn(wanted);
        return Transactions.inTransaction(emf, em -> {
            Set<String> known = new HashSet<>();
            em.createQuery("select b.contactId, b.reason from ConsentBlockEntity b where b.contactId in :ids "
                    + "and b.purpose = :purpose and b.channel is null and b.action = :action and b.requester = :requester",
                    Object[].class).setParameter("ids", InLists.padded(blocked)).setParameter("purpose", purpose)
                    .setParameter("action", Columns.clip(action, 300)).setParameter("requester", Columns.clip(requester, 120))
                    .getResultList().forEach(row -> known.add(row[0] + "/" + row[1]));
            int added = 0;
            for (long id : blocked) {
                ConsentBlockEntity block = block(id, wanted, null, action, requester, page.get(id), now);
                if (known.add(id + "/" + block.reason())) {
                    em.persist(block);
                    added++;
                }
            }
            return added;
        });
    }

    private static ConsentBlockEntity block(long contactId, String wanted, Channel channel, String action,
            String requester, ConsentVerdict verdict, Instant now) {
        return new ConsentBlockEntity(contactId, purposeColumn(wanted), channel, action, requester, verdict.reason(), now);
    }

    private static String purposeColumn(String wanted) {
        return wanted.isEmpty() ? "?" : Columns.clip(wanted, 60);
    }

    /**
     * The newest record of the purpose for this channel or for every channel; an action on no
     * channel (profiling) is decided by the records for every channel alone.
     */
    private static Optional<Consent> decisive(EntityManager em, long contactId, String purpose, Channel channel) {
        TypedQuery<ConsentEntity> query = em.createQuery("select c from ConsentEntity c "
                + "where c.contactId = :contact and c.purpose = :purpose and (c.channel is null"
                + (channel == null ? ")" : " or c.channel = :channel)") + " order by c.recordedAt desc, c.id desc",
                ConsentEntity.class).setParameter("contact", contactId).setParameter("purpose", purpose);
        if (channel != null) {
            query.setParameter("channel", channel);
        }
        return query.setMaxResults(1).getResultStream().findFirst().map(ConsentEntity::toConsent);
    }

    /**
     * Each contact's newest record of the purpose for every channel or for {@code channel}, of
     * those that have one (for every channel alone when {@code channel} is null).
     */
    private static Map<Long, Consent> newest(EntityManager em, List<Long> ids, String purpose, Channel channel) {
        Map<Long, Consent> newest = new HashMap<>();
        TypedQuery<ConsentEntity> query = em.createQuery("select c from ConsentEntity c where c.contactId in :ids "
                + "and c.purpose = :purpose and (c.channel is null" + (channel == null ? ")" : " or c.channel = :channel)")
                + " order by c.contactId, c.recordedAt desc, c.id desc", ConsentEntity.class)
                .setParameter("ids", InLists.padded(ids)).setParameter("purpose", purpose);
        if (channel != null) {
            query.setParameter("channel", channel);
        }
        query.getResultStream().map(ConsentEntity::toConsent).forEach(c -> newest.putIfAbsent(c.contactId(), c));
        return newest;
    }

    private ConsentVerdict verdict(String purpose, Channel channel, Optional<Consent> newest, Instant now) {
        boolean consent = bases.of(purpose) == LawfulBasis.CONSENT;
        String what = purpose + " by " + ConsentServiceImpl.channelLabel(channel);
        if (newest.isEmpty()) {
            return consent ? new ConsentVerdict(false, "no consent recorded for " + what, null)
                    : new ConsentVerdict(true, (channel == null ? purpose : what)
                            + " on legitimate interests: no objection recorded", null);
        }
        Consent c = newest.get();
        String recorded = c.purpose() + " by " + ConsentServiceImpl.channelLabel(c.channel());
        if (c.permits(now)) {
            return new ConsentVerdict(true, recorded + " granted on " + DAY.format(c.recordedAt()) + " ("
                    + c.basis().label() + ", " + c.source() + ")", c.id());
        }
        if (c.state() == ConsentState.WITHDRAWN) {
            return new ConsentVerdict(false, (consent ? recorded + " withdrawn on "
                    : "objected to " + (c.channel() == null ? c.purpose() : recorded) + " on ")
                    + DAY.format(c.recordedAt()) + " (" + c.source() + ")", c.id());
        }
        String expired = recorded + " expired on " + DAY.format(c.expiresAt());
        return consent ? new ConsentVerdict(false, expired, c.id())
                : new ConsentVerdict(true, (channel == null ? purpose : what) + " on legitimate interests: "
                        + "no objection recorded (" + expired + ")", c.id());
    }
}
