package org.rapport.contacts.api;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;

/** Records interactions with contacts and reads their timelines. */
@ProviderType
public interface InteractionService {

    /** The most interactions one timeline page holds. */
    int MAX_PAGE = 500;

    /**
     * Stores an interaction and announces it on Event Admin as {@link InteractionEvents#RECORDED}.
     * One with an {@link NewInteraction#eventId() event id} recorded before (for the same contact,
     * of the same type) is the interaction stored then: it is answered, and nothing is stored or
     * announced again, even when the two deliveries reach two nodes at once.
     *
     * @param source who is recording it (a user, an API key, a bundle), for the record
     * @throws ContactValidationException naming each field that is missing or invalid, an
     *         unknown contact, or an event id recorded before for another contact or type
     */
    Interaction record(long contactId, NewInteraction interaction, String source);

    /**
     * Stores many interactions in one transaction, each as {@link #record} stores it (an event id
     * recorded before answers the interaction stored then), and announces the new ones after the
     * commit: all of them are stored, or none (3.2).
     *
     * @param source who is recording them (a user, an API key, a bundle), for the record
     * @return the interactions, in the order of {@code interactions}
     * @throws ContactValidationException naming each field at fault by its entry
     *         ({@code interactions[3].type}), an unknown contact ({@code interactions[3].contactId})
     *         or an event id recorded before for another contact or type; nothing is stored then
     */
    List<Interaction> recordAll(List<ContactInteraction> interactions, String source);

    /**
     * Puts {@code summary} in place of the summaries of the interactions recorded with the event ids
     * {@code eventIds}, for words that have come to be kept from some of the contact's readers (a
     * message filed on a case in a queue they may not see). Idempotent: an interaction already
     * bearing that summary is left as it is, an event id no interaction has is passed over.
     *
     * @return how many interactions' summaries were changed
     * @throws ContactValidationException naming {@code eventIds} when one is blank, or {@code summary}
     *         when it is blank or longer than an interaction's summary may be
     */
    int resummarize(Collection<String> eventIds, String summary);

    /**
     * A contact's interactions, newest first, a page at a time, of the given channels only
     * (all channels when empty).
     *
     * @throws IllegalArgumentException for a negative offset or a limit outside 1 to {@value #MAX_PAGE}
     */
    List<Interaction> timeline(long contactId, Set<Channel> channels, int offset, int limit);

    /** How many interactions a contact has on the given channels (all when empty). */
    long count(long contactId, Set<Channel> channels);

    /**
     * Each contact's interactions of {@code type} that occurred at or after {@code since}, in
     * contact id order; contacts with none are left out.
     *
     * @param currency only interactions in this currency (ISO 4217), or all when null
     * @param contactIds only these contacts, or every contact when null
     */
    List<InteractionTotals> totals(String type, Instant since, String currency, Collection<Long> contactIds);
}
