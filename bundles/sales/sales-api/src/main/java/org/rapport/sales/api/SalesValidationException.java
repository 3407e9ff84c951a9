package org.rapport.sales.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A refused sales request, naming each field at fault and why; nothing was stored. A refusal
 * about something that does not exist ({@link #notFound()}) names the field {@code id}.
 */
public class SalesValidationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final Map<String, String> fieldErrors;
    private final boolean notFound;

    public SalesValidationException(Map<String, String> fieldErrors) {
        this(fieldErrors, false);
    }

    private SalesValidationException(Map<String, String> fieldErrors, boolean notFound) {
        super(fieldErrors.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("; ")));
        this.fieldErrors = Collections.unmodifiableMap(new LinkedHashMap<>(fieldErrors));
        this.notFound = notFound;
    }

    /** {@code what} (a lead, an opportunity) with this id does not exist. */
    public static SalesValidationException notFound(String what, long id) {
        return new SalesValidationException(Map.of("id", "no " + what + " with id " + id), true);
    }

    /** One field at fault. */
    public static SalesValidationException of(String field, String message) {
        return new SalesValidationException(Map.of(field, message));
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }

    public boolean notFound() {
        return notFound;
    }
}
