package org.rapport.service.api;

import java.time.Instant;

/**
 * One entry of a case's thread: its text is stored as it was given (plain text; nothing in it is
 * interpreted as markup), with the user or system that wrote it.
 *
 * @param inboundId the id of the inbound message (communication's inbound log) this entry was
 *        written from, or null; each inbound message is threaded once
 * @param messageId the id of the message a reply left as (communication's log), or null when it
 *        was not sent through a channel
 * @param delivery what became of a reply's message: {@code queued}, {@code sent}, {@code failed},
 *        {@code blocked} (by the consent gate), {@code bounced}, or {@code unsent} (no channel took
 *        it); null for other entries
 * @param deliveryReason why a reply was not delivered (the gate's reason, the failure, the
 *        bounce), or null
 */
public record CaseEntry(long id, long caseId, EntryKind kind, String author, String text, Instant createdAt,
        Long inboundId, Long messageId, String delivery, String deliveryReason) {

    /** An entry that came from no inbound message and left as no message. */
    public CaseEntry(long id, long caseId, EntryKind kind, String author, String text, Instant createdAt) {
        this(id, caseId, kind, author, text, createdAt, null, null, null, null);
    }
}
