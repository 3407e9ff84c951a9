package org.rapport.communication.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Hears of every message that comes in, registered as an OSGi service (a whiteboard): a service
 * desk opens a case or threads a reply onto one ({@link InboundMessage#inReplyTo()},
 * {@link InboundMessage#answers()}), a plugin forwards chat messages. Rapport calls each listener
 * after the message is stored and on the contact's timeline, through the platform's plugin guard:
 * on a thread of the listener's own, in the order messages arrive, within a time budget. A listener
 * that throws or takes longer than the budget is at fault; after so many faults in a row it is
 * suspended (it hears of nothing more) and the administrator is told, until they resume it
 * ({@code plugins:resume inbound-listener <name>}). Automatic replies and bounces are handed over too,
 * marked by {@link InboundMessage#kind()}. A mail with files read again is handed over again with
 * the same {@link InboundMessage#id()} and its files, as the log keeps none: take each id once.
 */
@ConsumerType
public interface InboundListener {

    /** Service property: the listener's name in reports; by default the registering bundle's symbolic name. */
    String NAME = "rapport.inbound.listener";

    /** A message came in and was stored. */
    void received(InboundMessage message);
}
