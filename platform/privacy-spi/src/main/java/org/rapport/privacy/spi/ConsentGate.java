package org.rapport.privacy.spi;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The one gate that every outbound communication and every profiling action passes, asked when
 * the action executes (not only when it was scheduled): a withdrawal recorded in between blocks
 * it. The newest consent record of the purpose for this channel or for every channel decides, by
 * the lawful basis the administrator set for the purpose: on consent, the action needs a grant in
 * force; on legitimate interests, it goes ahead unless the person objected (the newest record is a
 * withdrawal). A blocked action is recorded with its reason. The privacy capability provides it;
 * the records and blocks it reads are privacy's.
 */
@ProviderType
public interface ConsentGate {

    /**
     * The purpose the product's profiling asks for (segments, RFM scores, retention risk, lead
     * scores and, where the loyalty programme requires it, tiers) unless configured otherwise.
     */
    String PROFILING = "profiling";

    /**
     * Asks whether {@code action} may reach or profile the contact now.
     *
     * @param channel the channel the action uses, as contacts names it ({@code email},
     *        {@code in-person}: {@code org.rapport.contacts.api.Channel#label()}), or null for an
     *        action on no channel (profiling). A name, not the contacts type, so that the platform
     *        does not depend on a capability.
     * @param action what is about to happen, for the record ({@code email campaign "spring"})
     * @param requester the bundle, plugin or user asking
     * @throws IllegalArgumentException if {@code channel} names no channel
     */
    ConsentVerdict check(long contactId, String purpose, String channel, String action, String requester);

    /**
     * Asks {@link #check} each question, at once: for a page of actions about to execute (a page of
     * messages as they leave). Each verdict is the one {@link #check} would give, and each block is
     * recorded, with its question's action and requester, as {@link #check} records it; the
     * consent records are read in one query per purpose and channel for each thousand contacts,
     * and the blocks written in one transaction: all of them, or none when that fails.
     *
     * <p>This default asks {@link #check} for each question in turn; the privacy capability's gate
     * answers the batch as said above (1.4).
     *
     * @return the verdicts, in the order of {@code questions}
     * @throws IllegalArgumentException naming the question ({@code questions[3]}) whose channel
     *         names no channel; nothing is recorded then
     */
    default List<ConsentVerdict> checkAll(List<ConsentQuestion> questions) {
        return questions.stream().map(q -> check(q.contactId(), q.purpose(), q.channel(), q.action(), q.requester()))
                .toList();
    }

    /**
     * Asks, for many contacts at once (a page of a sweep, the members of a segment), whether they
     * may be profiled for {@code purpose} now: {@link #check} on no channel, read in one query per
     * thousand contacts. A blocked contact's block is recorded once: asked again with the same
     * action and requester and blocked for the same reason, nothing more is recorded, so a watcher
     * that asks often does not flood the record; name the run in {@code action} or
     * {@code requester} to keep each run's blocks.
     *
     * @return a verdict for each of {@code contactIds}
     */
    Map<Long, ConsentVerdict> checkProfiling(Collection<Long> contactIds, String purpose, String action,
            String requester);

    /**
     * What {@link #check} would answer now for each contact on {@code channel}, recording nothing:
     * for a preview of whom an action would reach (a campaign's audience before it is sent), never
     * instead of asking when the action executes. Read in one query per thousand contacts.
     *
     * @param channel the channel's name, or null for an action on no channel
     * @return a verdict for each of {@code contactIds}
     * @throws IllegalArgumentException if {@code channel} names no channel
     */
    Map<Long, ConsentVerdict> preview(Collection<Long> contactIds, String purpose, String channel);

    /** The contacts {@code verdicts} allow, as {@link #checkProfiling} answers them. */
    static Set<Long> allowed(Map<Long, ConsentVerdict> verdicts) {
        Set<Long> allowed = new HashSet<>();
        verdicts.forEach((id, verdict) -> {
            if (verdict.allowed()) {
                allowed.add(id);
            }
        });
        return allowed;
    }
}
