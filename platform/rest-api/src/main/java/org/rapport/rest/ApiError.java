package org.rapport.rest;

import java.util.List;
import java.util.Objects;

/**
 * The body of every error response of the API: the HTTP status, a stable machine-readable code
 * (such as {@code validation_failed} or {@code not_found}), a message for people, and the fields
 * at fault when the request was invalid.
 */
public record ApiError(int status, String code, String message, List<FieldError> fields) {

    public ApiError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        fields = fields == null ? List.of() : List.copyOf(fields);
    }
}
