package org.rapport.privacy.impl;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.persistence.EntityManagerFactory;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.rapport.contacts.api.MergeParticipant;
import org.rapport.persistence.Transactions;
import org.rapport.privacy.api.Consent;
import org.rapport.privacy.api.ConsentChange;
import org.rapport.privacy.api.ConsentService;
import org.rapport.privacy.api.ConsentState;

/**
 * Consent in a merge of two contacts: for each purpose and channel the merged contact has a
 * record for, the stricter of the two current choices becomes the survivor's. Stricter means
 * permitting less: a withdrawal (or a grant that has lapsed) beats a grant, and of two grants the
 * one that lapses sooner wins; where only the merged contact chose, its choice carries over. The
 * survivor gets a new record for each purpose and channel where that changes its current state
 * (source "merge of contact N"); history is never rewritten. Undo deletes those records again
 * when they are still the newest of their purpose and channel.
 */
@Component
public class ConsentMerge implements MergeParticipant {

    private final EntityManagerFactory emf;
    private final ConsentService consents;
    private final Clock clock;

    @Activate
    public ConsentMerge(@Reference(target = "(osgi.unit.name=rapport-privacy)") EntityManagerFactory emf,
            @Reference ConsentService consents) {
        this(emf, consents, Clock.systemUTC());
    }

    public ConsentMerge(EntityManagerFactory emf, ConsentService consents, Clock clock) {
        this.emf = emf;
        this.consents = consents;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "consent";
    }

    /** The changes the survivor needs: the merged contact's choice where it is the stricter. */
    private List<Consent> stricter(long survivorId, long mergedId) {
        Instant now = clock.instant();
        Map<String, Consent> survivor = new HashMap<>();
        consents.current(survivorId).forEach(c -> survivor.put(key(c), c));
        List<Consent> taken = new ArrayList<>();
        for (Consent merged : consents.current(mergedId)) {
            Consent own = survivor.get(key(merged));
            if (own == null ? merged.state() == ConsentState.WITHDRAWN || merged.permits(now)
                    : strictness(merged, now) > strictness(own, now)) {
                taken.add(merged);
            }
        }
        return taken;
    }

    private static String key(Consent c) {
        return c.purpose() + "/" + c.channel();
    }

    /** 2 for a withdrawal or lapsed grant, 1 for a grant that lapses, 0 for one that does not; ties keep the survivor's. */
    private static long strictness(Consent c, Instant now) {
        if (!c.permits(now)) {
            return Long.MAX_VALUE;
        }
        return c.expiresAt() == null ? 0 : Long.MAX_VALUE - 1 - c.expiresAt().getEpochSecond();
    }

    @Override
    public String preview(long survivorId, long mergedId) {
        List<Consent> taken = stricter(survivorId, mergedId);
        return taken.isEmpty() ? null : describe(taken) + " from the merged contact (the stricter choice wins)";
    }

    private static String describe(List<Consent> taken) {
        List<String> parts = new ArrayList<>();
        taken.forEach(c -> parts.add(c.purpose() + " by " + (c.channel() == null ? "every channel" : c.channel().label())
                + ": " + (c.state() == ConsentState.GRANTED ? "granted" : "withdrawn")));
        return String.join(", ", parts);
    }

    @Override
    public Outcome merge(long mergeId, long survivorId, long mergedId, String actor) {
        Instant now = clock.instant();
        List<Consent> taken = stricter(survivorId, mergedId);
        List<String> created = new ArrayList<>();
        for (Consent c : taken) {
            boolean grant = c.permits(now);
            Consent recorded = consents.record(new ConsentChange(survivorId, c.purpose(), c.channel(),
                    grant ? ConsentState.GRANTED : ConsentState.WITHDRAWN, c.basis(), "merge of contact " + mergedId,
                    c.proof(), grant ? c.expiresAt() : null), actor);
            created.add(Long.toString(recorded.id()));
        }
        return new Outcome(taken.isEmpty() ? "no consent to combine" : describe(taken) + " taken (the stricter choice)",
                String.join(",", created));
    }

    @Override
    public void undo(long mergeId, long survivorId, long mergedId, String undoData, String actor) {
        if (undoData == null || undoData.isBlank()) {
            return;
        }
        Map<String, Consent> newest = new HashMap<>();
        consents.current(survivorId).forEach(c -> newest.put(key(c), c));
        List<Long> gone = new ArrayList<>();
        for (String id : undoData.split(",")) {
            long recordId = Long.parseLong(id.strip());
            // A record made since the merge is the survivor's own choice: then the merge's record stays in history.
            if (newest.values().stream().anyMatch(c -> c.id() == recordId)) {
                gone.add(recordId);
            }
        }
        if (gone.isEmpty()) {
            return;
        }
        Transactions.inTransaction(emf, em -> {
            em.createQuery("delete from ConsentEntity c where c.id in :ids and c.contactId = :contact")
                    .setParameter("ids", gone).setParameter("contact", survivorId).executeUpdate();
            em.persist(new AuditEntity(clock.instant(), Objects.toString(actor, "unknown"), "consent.unmerge",
                    "contact " + survivorId, "consent record(s) " + gone + " of merge " + mergeId, "deleted",
                    survivorId));
            return null;
        });
    }
}
