package org.rapport.rest;

import java.util.List;
import java.util.Map;

/**
 * A request refused for a reason the caller can act on. The API turns it into an {@link ApiError}
 * response with its status, code, message and field errors.
 */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient List<FieldError> fields;

    public ApiException(int status, String code, String message, List<FieldError> fields) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        this.status = status;
        this.code = code;
        this.fields = fields == null ? List.of() : List.copyOf(fields);
    }

    public ApiException(int status, String code, String message) {
        this(status, code, message, List.of());
    }

    /** 400 {@code validation_failed}, naming each field at fault. */
    public static ApiException invalid(List<FieldError> fields) {
        StringBuilder message = new StringBuilder("the request is invalid: ");
        for (int i = 0; i < fields.size(); i++) {
            message.append(i == 0 ? "" : "; ").append(fields.get(i).field()).append(": ").append(fields.get(i).message());
        }
        return new ApiException(400, "validation_failed", message.toString(), fields);
    }

    /** 400 {@code validation_failed}, from field name to reason in the order given. */
    public static ApiException invalid(Map<String, String> fieldErrors) {
        return invalid(fieldErrors.entrySet().stream().map(e -> new FieldError(e.getKey(), e.getValue())).toList());
    }

    /** 400 {@code validation_failed} for one field. */
    public static ApiException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }

    /**
     * How a field is named at the start of a refusal's message: {@code amount}, or within a list
     * {@code lines[2].quantity}.
     */
    public static final String FIELD = "[a-zA-Z]+(\\[\\d+\\](\\.[a-zA-Z]+)?)?";

    /**
     * 400 {@code validation_failed} for a service's refusal whose message starts with the field at
     * fault, as Rapport's services write them ({@code "amount must be positive ..."}); a message
     * that starts otherwise is put on {@code body}.
     */
    public static ApiException refused(IllegalArgumentException refusal) {
        String message = refusal.getMessage() == null ? "invalid request" : refusal.getMessage();
        String first = message.split("[ ':]", 2)[0];
        return invalid(first.matches(FIELD) ? first : "body", message);
    }

    /** 404 {@code not_found}: {@code what} (such as {@code contact}) with this id does not exist. */
    public static ApiException notFound(String what, Object id) {
        return new ApiException(404, "not_found", "no " + what + " with id " + id);
    }

    /** 409 {@code conflict}: the request clashes with what is stored. */
    public static ApiException conflict(String message) {
        return new ApiException(409, "conflict", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<FieldError> fields() {
        return fields;
    }

    public ApiError toError() {
        return new ApiError(status, code, getMessage(), fields);
    }
}
