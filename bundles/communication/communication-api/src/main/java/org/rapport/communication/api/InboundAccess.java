package org.rapport.communication.api;

import java.util.Set;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Says who reads the inbound messages a capability keeps, registered as an OSGi service (a
 * whiteboard) with the property {@value #KEEPER}: a service desk that took a message onto a case
 * files it under the case's queue ({@link InboundService#file}) and answers here which queues a
 * reader may not see. The inbound log ({@code GET /api/v1/inbound}, {@code inbound:log}, Tab
 * completion) and the contact's export then leave such a message out for that reader, as if it had
 * never come in. A message filed by a keeper with no {@code InboundAccess} registered (its bundle
 * stopped or uninstalled) is read by administrators only: the keeper, not the log, says who reads
 * it. Called on every read of the log, so answer from memory.
 *
 * <p>The same access answers for the messages the keeper keeps in the outbox's log (since 1.8): a
 * message sent with {@link SendRequest#keeper()} or filed with {@link MessageService#file} under a
 * label this access hides is left out of {@code GET /api/v1/messages}, {@code messages:log} and
 * the export for that reader.
 */
@ConsumerType
public interface InboundAccess {

    /** Service property: the keeper's name, as given to {@link InboundService#file}; required. */
    String KEEPER = "rapport.inbound.keeper";

    /** The labels whose messages {@code reader} may not read; never called for an administrator. */
    Set<String> hidden(InboundReader reader);

    /**
     * Whether this keeper will file {@code message} as its listener takes it (a service desk: a message
     * it will put on a case). Asked once for each message of a matched contact as it is stored, before
     * the message is on the contact's timeline and before the listeners hear of it: a message a keeper
     * keeps goes on the timeline as {@code message (kept by <keeper>)} from the start, so its words
     * reach nobody who listens to the timeline ({@code InteractionEvents.RECORDED}), not only readers
     * after the filing. Saying yes to a message the keeper then does not file only makes the timeline
     * say less. An access that throws is taken as keeping the message. None by default.
     *
     * @since 1.9
     */
    default boolean keeps(InboundMessage message) {
        return false;
    }
}
