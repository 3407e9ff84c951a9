package org.rapport.communication.api;

/**
 * What became of one request of {@link MessageService#sendAll}: its message, or why it was refused.
 *
 * @param message the message queued, or the earlier one of the request's reference; null when refused
 * @param refusal why the request was refused, in the words {@link MessageService#send} throws
 *        them with (naming the field at fault); null when it was not
 */
public record SendOutcome(Message message, String refusal) {

    public SendOutcome {
        if ((message == null) == (refusal == null)) {
            throw new IllegalArgumentException("an outcome is a message or a refusal, not both nor neither");
        }
    }

    /** Whether the request was refused. */
    public boolean refused() {
        return refusal != null;
    }
}
