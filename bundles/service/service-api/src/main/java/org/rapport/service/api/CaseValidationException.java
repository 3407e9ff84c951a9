package org.rapport.service.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A refused service-desk request, naming each field at fault and why; nothing was stored. A refusal
 * about something that does not exist ({@link #notFound()}) names the field {@code id}.
 */
public class CaseValidationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final Map<String, String> fieldErrors;
    private final boolean notFound;

    public CaseValidationException(Map<String, String> fieldErrors) {
        this(fieldErrors, false);
    }

    private CaseValidationException(Map<String, String> fieldErrors, boolean notFound) {
        super(fieldErrors.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("; ")));
        this.fieldErrors = Collections.unmodifiableMap(new LinkedHashMap<>(fieldErrors));
        this.notFound = notFound;
    }

    /** There is no case with this id. */
    public static CaseValidationException notFound(long id) {
        return new CaseValidationException(Map.of("id", "no case with id " + id), true);
    }

    /** One field at fault. */
    public static CaseValidationException of(String field, String message) {
        return new CaseValidationException(Map.of(field, message));
    }

    /** Field → why it was refused, in the order found. */
    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }

    /** Whether the refusal is about a case that does not exist. */
    public boolean notFound() {
        return notFound;
    }

    /** A value as a refusal quotes it: control characters shown as {@code ?}, and in part when long. */
    public static String shorten(String value) {
        if (value == null) {
            return "";
        }
        String flat = value.replaceAll("\\p{Cntrl}", "?");
        return flat.length() <= 40 ? flat : flat.substring(0, 37) + "...";
    }
}
