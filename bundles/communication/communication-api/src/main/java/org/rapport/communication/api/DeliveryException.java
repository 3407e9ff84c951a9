package org.rapport.communication.api;

/**
 * A channel did not get a message accepted. A temporary failure (a server that does not answer,
 * a 4xx SMTP reply, an HTTP 503) is retried with backoff; a permanent one (an address the server
 * refuses, an HTTP 400) is not.
 */
public class DeliveryException extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean permanent;

    public DeliveryException(String message, boolean permanent, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public DeliveryException(String message, boolean permanent) {
        this(message, permanent, null);
    }

    /** Whether sending the same message again can never succeed. */
    public boolean permanent() {
        return permanent;
    }
}
