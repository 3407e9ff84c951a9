package org.rapport.rules.api;

/** Base of the rules engine's exceptions. */
public class RulesException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RulesException(String message) {
        super(message);
    }

    public RulesException(String message, Throwable cause) {
        super(message, cause);
    }
}
