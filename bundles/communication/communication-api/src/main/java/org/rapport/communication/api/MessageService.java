package org.rapport.communication.api;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The outbox and log of every message to customers. {@link #send} renders and stores; the
 * message leaves later, from a dispatcher that asks the consent gate at that moment.
 */
@ProviderType
public interface MessageService {

    /** The language every template has, used when the contact's language has no text. */
    String DEFAULT_LANGUAGE = "en";

    /** The most messages one log page holds. */
    int MAX_PAGE = 500;

    /**
     * Renders the template for the contact and queues the message. A request whose
     * {@link SendRequest#reference()} was used before returns the earlier message unchanged.
     *
     * @param requester who asks (a user, an API key, a bundle), for the record
     * @throws IllegalArgumentException naming the field at fault: an unknown contact, channel or
     *         template, a contact the channel cannot reach, a missing template variable, or a
     *         reference used before for a different message
     */
    Message send(SendRequest request, String requester);

    /**
     * Queues many messages (a page of a campaign), each as {@link #send} queues it, in one
     * transaction: a request that {@code send} would refuse is refused alone, with the reason
     * {@code send} throws, and the others are stored together, or none of them when storing fails
     * (the failure is thrown then). Their contacts are read a thousand at a time and each
     * template once; a reference given twice in the page is one message, as two calls of
     * {@code send} make it (1.8).
     *
     * @param requester who asks, for the record
     * @return what became of each request, in the order of {@code requests}
     * @throws IllegalArgumentException if {@code requests} or one of them is null, naming it
     */
    List<SendOutcome> sendAll(List<SendRequest> requests, String requester);

    Optional<Message> find(long id);

    /**
     * A message as {@code reader} may read it: empty, as for an id never used, when its keeper keeps
     * it from them ({@link SendRequest#keeper()}, {@link #file}), as the inbound log does for inbound
     * messages ({@link InboundAccess}); since 1.8.
     */
    Optional<Message> find(long id, InboundReader reader);

    /**
     * Messages, newest first, of one contact (or every contact when {@code contactId} is null) and
     * one status (or every status when null).
     *
     * @throws IllegalArgumentException for a negative offset or a limit outside 1 to {@value #MAX_PAGE}
     */
    List<Message> log(Long contactId, MessageStatus status, int offset, int limit);

    /** How many messages {@link #log} would list in all with the same filters. */
    long count(Long contactId, MessageStatus status);

    /**
     * {@link #log} of the messages {@code reader} may read: a message a keeper keeps is read by
     * administrators, and by others as that keeper's {@link InboundAccess} says; while no access of its
     * keeper is registered, or it fails, by administrators only (since 1.8).
     *
     * @throws IllegalArgumentException for a negative offset or a limit outside 1 to {@value #MAX_PAGE}
     */
    List<Message> log(Long contactId, MessageStatus status, InboundReader reader, int offset, int limit);

    /** How many messages {@link #log(Long, MessageStatus, InboundReader, int, int)} would list in all (since 1.8). */
    long count(Long contactId, MessageStatus status, InboundReader reader);

    /**
     * Files messages under a keeper's label, as {@link InboundService#file} files inbound ones: a
     * service desk files a case's replies under the case's queue, again when the case moves, and those
     * it sent before filing existed. Ids of no message are passed over (since 1.8).
     *
     * @throws IllegalArgumentException naming {@code keeper} or {@code label}: blank, with a control
     *         character, or longer than 40 and 200 characters
     */
    void file(Collection<Long> messageIds, String keeper, String label);

    /**
     * Puts a failed message back in the queue for an immediate attempt.
     *
     * @throws IllegalArgumentException if there is no such message
     * @throws IllegalStateException if it is not {@link MessageStatus#FAILED}
     */
    Message retry(long id, String requester);

    /** Every channel registered now or named by a message, sorted by name. */
    List<ChannelInfo> channels();

    /**
     * Lets a channel suspended after faults deliver again; its waiting messages go out at the
     * dispatcher's next pass.
     *
     * @return false if the channel was not suspended
     */
    boolean resumeChannel(String name, String requester);

    /**
     * Stores a template, replacing the text it had in that language.
     *
     * @throws IllegalArgumentException naming the field at fault, and for a placeholder that is not
     *         one of the contact's fields nor {@code var.name}, its line in the body; for HTML the
     *         allow-list refuses (a script, an event handler, a {@code javascript:} URL, a resource
     *         that is not an https image or link), the template and the line of the HTML body
     */
    Template saveTemplate(Template template);

    /** Every template, by code and language. */
    List<Template> templates();

    Optional<Template> template(String code, String language);

    /** Removes one language of a template; returns whether it was there. */
    boolean deleteTemplate(String code, String language);
}
