package org.rapport.rest;

import java.util.Objects;

/** What is wrong with one field of a request: {@code field} is a path such as {@code address.city}. */
public record FieldError(String field, String message) {

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
