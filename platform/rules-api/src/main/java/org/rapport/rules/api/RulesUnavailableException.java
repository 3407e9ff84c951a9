package org.rapport.rules.api;

/** The rule package has no active release, so nothing can be decided with it. */
public class RulesUnavailableException extends RulesException {

    private static final long serialVersionUID = 1L;

    public RulesUnavailableException(String message) {
        super(message);
    }
}
