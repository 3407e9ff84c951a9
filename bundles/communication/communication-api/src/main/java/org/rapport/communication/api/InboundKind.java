package org.rapport.communication.api;

/** What an inbound message is, as Rapport recognised it when it arrived. */
public enum InboundKind {
    /** Written by a person: a reply, a request, a question. */
    MESSAGE,
    /**
     * Written by a machine on a person's behalf: an out-of-office or vacation notice
     * ({@code Auto-Submitted}, {@code X-Autoreply}, {@code Precedence: auto_reply}).
     */
    AUTO_REPLY,
    /** A report that a message could not be delivered (a delivery status notification, RFC 3464). */
    BOUNCE
}
