package org.rapport.communication.api;

/**
 * Outcomes of messages on OSGi Event Admin, posted after they are stored, so a sender (a
 * retention action, a campaign) can follow what became of its messages.
 */
public final class MessageEvents {

    /** The channel accepted a message. */
    public static final String SENT = "org/rapport/communication/message/SENT";
    /** A message failed for good. */
    public static final String FAILED = "org/rapport/communication/message/FAILED";
    /** The consent gate refused a message. */
    public static final String BLOCKED = "org/rapport/communication/message/BLOCKED";
    /**
     * A message the channel had accepted bounced for good (its status is now
     * {@link MessageStatus#BOUNCED}); properties as for {@link #SENT}, and {@link #REASON}.
     */
    public static final String BOUNCED = "org/rapport/communication/message/BOUNCED";
    /**
     * A message came in ({@link InboundMessage}); properties {@link #INBOUND_ID}, {@link #CHANNEL},
     * {@link #KIND} and, when the sender matched a contact, {@link #CONTACT_ID}.
     */
    public static final String RECEIVED = "org/rapport/communication/inbound/RECEIVED";
    /** Property of {@link #RECEIVED}: the inbound message's id (Long). */
    public static final String INBOUND_ID = "inbound.id";
    /** Property of {@link #RECEIVED}: its {@link InboundKind} by name (String). */
    public static final String KIND = "kind";
    /**
     * Posted when a channel is suspended after faults in a row (it threw, or did not answer within
     * its time budget); properties {@link #CHANNEL} and {@link #REASON}. Its messages wait until an
     * administrator resumes it.
     */
    public static final String CHANNEL_SUSPENDED = "org/rapport/communication/channel/SUSPENDED";
    /** Property of {@link #CHANNEL_SUSPENDED} and {@link #BOUNCED}: the last fault, the bounce's status and diagnostic (String). */
    public static final String REASON = "reason";

    /** Property: the message's id (Long). */
    public static final String MESSAGE_ID = "message.id";
    /** Property: the contact's id (Long). */
    public static final String CONTACT_ID = "contact.id";
    /** Property: the channel's name (String). */
    public static final String CHANNEL = "channel";
    /** Property: the template's code (String). */
    public static final String TEMPLATE = "template";
    /** Property: the sender's reference (String), when the message has one. */
    public static final String REFERENCE = "reference";

    private MessageEvents() {
    }
}
