package org.rapport.contacts.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A contact or interaction was refused; {@link #fieldErrors()} says which field is wrong and why,
 * and {@link #conflict()} whether it clashes with what is stored (an email address in use).
 */
public class ContactValidationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final Map<String, String> fieldErrors;
    private final boolean conflict;

    public ContactValidationException(Map<String, String> fieldErrors) {
        this(fieldErrors, false);
    }

    public ContactValidationException(Map<String, String> fieldErrors, boolean conflict) {
        super(fieldErrors.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("; ")));
        this.fieldErrors = new LinkedHashMap<>(fieldErrors);
        this.conflict = conflict;
    }

    /** Whether the input is valid in itself but clashes with what is stored. */
    public boolean conflict() {
        return conflict;
    }

    /** Field name to reason, in the order the fields were checked. */
    public Map<String, String> fieldErrors() {
        return Collections.unmodifiableMap(fieldErrors);
    }
}
