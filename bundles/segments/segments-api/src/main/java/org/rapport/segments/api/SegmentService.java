package org.rapport.segments.api;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.rapport.contacts.api.Contact;
import org.rapport.contacts.api.ContactService;
import org.rapport.contacts.api.ContactValidationException;

/**
 * Saved segments and RFM scores.
 *
 * <p>A segment's condition is written in the language of {@link ContactService#search}, with more
 * words: every word must hold, and {@code or} between groups of words means either group.
 * <ul>
 * <li>{@code did:purchase>=3/90d}: at least three interactions of type {@code purchase} in the last 90
 * days; {@code did:*@web>=1/30d} any type on the web channel; the operators are {@code =}, {@code <},
 * {@code <=}, {@code >}, {@code >=}; without {@code /Nd}, ever;</li>
 * <li>{@code spent>=500/365d}: purchases amounting to at least 500 in the last 365 days;</li>
 * <li>{@code rfm:r>=4}, {@code rfm:f=5}, {@code rfm:m<=2}: RFM scores (see {@link RfmScore}), a word this
 * bundle adds to the contact search, as it adds {@code segment:name} (a segment's members) there;</li>
 * <li>{@code country:FR}, {@code language:fr}, {@code channel:email} (the preferred channel);</li>
 * <li>{@code -word}: the word must not hold, such as {@code -tag:vip}.</li>
 * </ul>
 * A {@link SegmentKind#MARKETING marketing} segment (the kind unless said otherwise) leaves out the
 * contacts the consent gate does not let segments profile (those who objected to profiling, or, on
 * a purpose that needs consent, those without a grant), and RFM scores are kept only for buyers it
 * lets segments profile; a {@link SegmentKind#SERVICE service} segment asks nothing.
 *
 * <p>Membership is kept: a segment is refreshed whole when it is defined and every night, and each
 * contact changed since (its details, or an interaction recorded for it) is checked again within
 * seconds. Each day's size, joiners and leavers are kept as {@link SegmentCount}s.
 */
@ProviderType
public interface SegmentService {

    /**
     * Defines the segment {@code name} (lower-case letters, digits and '-') or replaces its
     * definition, then computes its members. A new segment is a marketing segment; one that exists
     * keeps its kind.
     *
     * @param actor who changes it, kept with the segment
     * @throws ContactValidationException naming {@code name} or {@code condition} (with the word at
     *         fault and its position)
     */
    Segment define(String name, String description, String condition, String actor);

    /**
     * Defines the segment {@code name} as {@link #define(String, String, String, String)} does,
     * of the kind given; null keeps the kind of a segment that exists, marketing for a new one.
     *
     * @throws ContactValidationException naming {@code name} or {@code condition}
     */
    Segment define(String name, String description, String condition, SegmentKind kind, String actor);

    Optional<Segment> find(String name);

    List<Segment> list();

    /** Removes the segment with its members and counts; false if there was none. */
    boolean remove(String name);

    /**
     * How many contacts {@code condition} selects now and the first {@code sample} of them.
     *
     * @throws ContactValidationException naming {@code condition}
     */
    SegmentPreview preview(String condition, int sample);

    /** Computes the segment's members again from its condition. */
    Segment refresh(String name);

    /** Scores every buyer's RFM again, then refreshes every segment; answers the segments. */
    List<Segment> refreshAll();

    /** The segment's members, ordered by id. */
    List<Contact> members(String name, int offset, int limit);

    /**
     * At most {@code limit} of the segment's members with an id above {@code afterId}, ordered by id:
     * a page that starts after the last id of the page before (keyset), so a membership that
     * changes between pages repeats nobody and skips nobody who stays a member. Start with 0.
     */
    List<Contact> membersAfter(String name, long afterId, int limit);

    /**
     * The ids of the contacts {@link #membersAfter} answers, and only their ids: at most {@code limit}
     * of the segment's members with an id above {@code afterId}, ordered by id, read in one query
     * without reading the contacts, for whoever needs the members' ids and nothing else (a campaign
     * freezing its recipients). Start with 0; an unknown segment has no members.
     *
     * @throws IllegalArgumentException if {@code limit} is not between 1 and 1000
     * @since 1.3.0
     */
    List<Long> memberIds(String name, long afterId, int limit);

    /**
     * The ids, in id order, of the contacts {@code condition} selects now that a marketing segment
     * would hold: those the consent gate lets segments profile, as for a segment's members. For an
     * audience taken once from a condition that is no saved segment (a campaign's, frozen at its
     * launch). With a {@code requester} the gate records each block for it; with null it is only
     * previewed and nothing is recorded.
     *
     * @throws ContactValidationException naming {@code condition} (with the word at fault and its
     *         position)
     */
    List<Long> select(String condition, String requester);

    /** The segment's size day by day from {@code from} to {@code to} (days before its first count are left out). */
    List<SegmentCount> counts(String name, LocalDate from, LocalDate to);

    /** The segments {@code contactId} belongs to, by name. */
    List<String> segmentsOf(long contactId);

    /** The contact's RFM scores, if it bought in the scoring window at the last scoring. */
    Optional<RfmScore> rfm(long contactId);
}
