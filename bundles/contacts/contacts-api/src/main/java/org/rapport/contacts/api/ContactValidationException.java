package org.rapport.contacts.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A contact was refused; {@link #fieldErrors()} says which field is wrong and why. */
public class ContactValidationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final Map<String, String> fieldErrors;

    public ContactValidationException(Map<String, String> fieldErrors) {
        super(fieldErrors.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("; ")));
        this.fieldErrors = new LinkedHashMap<>(fieldErrors);
    }

    /** Field name to reason, in the order the fields were checked. */
    public Map<String, String> fieldErrors() {
        return Collections.unmodifiableMap(fieldErrors);
    }
}
