package org.rapport.contacts.api;

/**
 * Interactions on OSGi Event Admin. Other bundles hear of every recorded interaction on
 * {@link #RECORDED}; a plugin that does not want to depend on this API can have one recorded by
 * posting {@link #RECORD} with the same properties ({@code payload.<name>} for each payload entry).
 */
public final class InteractionEvents {

    /** Posted after an interaction was stored. */
    public static final String RECORDED = "org/rapport/contacts/interaction/RECORDED";
    /** Post this to have an interaction recorded; a refused one is logged with its reasons. */
    public static final String RECORD = "org/rapport/contacts/interaction/RECORD";

    /** Property: the contact's id (Long, or a String of digits). */
    public static final String CONTACT_ID = "contact.id";
    /** Property, RECORDED only: the interaction's id (Long). */
    public static final String INTERACTION_ID = "interaction.id";
    /** Property: the channel (String, such as {@code email}). */
    public static final String CHANNEL = "channel";
    /** Property: inbound or outbound (String). */
    public static final String DIRECTION = "direction";
    /** Property: the interaction's type (String). */
    public static final String TYPE = "type";
    /** Property: when it happened (ISO-8601 String; defaults to now when recording). */
    public static final String OCCURRED_AT = "occurred.at";
    /** Property: a line for people (String). */
    public static final String SUMMARY = "summary";
    /** Property: who recorded it (String). */
    public static final String SOURCE = "source";
    /**
     * Property: the sending system's id of the event (String); an interaction with an event id
     * already recorded is not recorded again.
     */
    public static final String EVENT_ID = "event.id";
    /** Prefix of the properties that carry the payload. */
    public static final String PAYLOAD_PREFIX = "payload.";

    private InteractionEvents() {
    }
}
