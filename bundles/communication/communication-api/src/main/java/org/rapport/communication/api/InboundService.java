package org.rapport.communication.api;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The messages that came in (the mailbox, the signed inbound webhooks) and the addresses bounces
 * marked undeliverable. Messages come in by themselves; {@link InboundListener}s hear of each.
 */
@ProviderType
public interface InboundService {

    /**
     * Inbound messages, newest first, of one contact (or every contact when {@code contactId} is null).
     *
     * @throws IllegalArgumentException for a negative offset or a limit outside 1 to {@value MessageService#MAX_PAGE}
     */
    List<InboundMessage> inbound(Long contactId, int offset, int limit);

    /** How many {@link #inbound} would list in all. */
    long countInbound(Long contactId);

    Optional<InboundMessage> findInbound(long id);

    /**
     * {@link #inbound(Long, int, int)} as {@code reader} may read it: without the messages the
     * {@link InboundAccess} of their keeper keeps from them.
     *
     * @since 1.7
     */
    List<InboundMessage> inbound(Long contactId, InboundReader reader, int offset, int limit);

    /** How many {@link #inbound(Long, InboundReader, int, int)} would list in all. @since 1.7 */
    long countInbound(Long contactId, InboundReader reader);

    /** {@link #findInbound(long)}, empty for a message kept from {@code reader}. @since 1.7 */
    Optional<InboundMessage> findInbound(long id, InboundReader reader);

    /**
     * Files messages under a {@code keeper}'s {@code label} (a service desk: {@code service}, the
     * queue of the case a message is on), replacing how they were filed; the keeper's
     * {@link InboundAccess} then says who reads them. Unknown ids are passed over. On the contact's
     * timeline, which every reader of the contact reads, each is then {@code message (kept by <keeper>)},
     * without its words (filing again makes good a timeline left as it was).
     *
     * @throws IllegalArgumentException for a keeper or label that is blank, longer than 40 or 200
     *         characters, or holds a control character
     * @since 1.7
     */
    void file(Collection<Long> inboundIds, String keeper, String label);

    /**
     * The ids of the messages {@code keeper} filed ({@link #file}), above {@code afterId}, lowest
     * first, at most {@code limit}: a keeper goes through what it filed a page at a time (a service
     * desk at start, for a message it filed and then put on no case).
     *
     * @throws IllegalArgumentException for a limit outside 1 to {@value MessageService#MAX_PAGE}
     * @since 1.9
     */
    List<Long> filed(String keeper, long afterId, int limit);

    /**
     * Addresses with bounces, most recent bounce first: only those marked undeliverable when
     * {@code undeliverableOnly}.
     *
     * @throws IllegalArgumentException for a negative offset or a limit outside 1 to {@value MessageService#MAX_PAGE}
     */
    List<AddressState> addresses(boolean undeliverableOnly, int offset, int limit);

    /** How many {@link #addresses} would list in all. */
    long countAddresses(boolean undeliverableOnly);

    /** What is known of one address (compared in lower case), if it ever bounced. */
    Optional<AddressState> address(String address);

    /**
     * Lets messages go to an address a hard bounce marked undeliverable again (the customer fixed
     * their mailbox); the audit log records who did.
     *
     * @return false if the address was not marked
     */
    boolean clearUndeliverable(String address, String requester);
}
