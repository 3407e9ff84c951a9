package org.rapport.communication.api;

/** Where a message is on its way out. */
public enum MessageStatus {
    /** Waiting for its first attempt. */
    QUEUED,
    /** An attempt failed for a reason that may pass; the next one is due at {@code nextAttemptAt}. */
    RETRYING,
    /** The channel accepted it. */
    SENT,
    /** Every attempt failed, or the failure was permanent; an operator may retry it. */
    FAILED,
    /** The consent gate refused it when it was about to leave; it is never sent. */
    BLOCKED,
    /**
     * The channel accepted it, and the recipient's server later reported that it could not be
     * delivered for good (a hard bounce); its address is marked undeliverable.
     */
    BOUNCED;

    /** Whether nothing more happens to the message unless an operator asks. */
    public boolean settled() {
        return this == SENT || this == FAILED || this == BLOCKED || this == BOUNCED;
    }
}
