package org.rapport.rest.security;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A partner system's key, as stored: never the secret, only its hash. {@code id} is the key's
 * public part (the text before the second underscore of the key) and is how it is revoked.
 *
 * @param lastUsedAt when a request last came with the key, to the minute; null if none has
 */
public record ApiKey(String id, String name, Set<String> scopes, Instant createdAt, String createdBy,
        Instant revokedAt, String revokedBy, Instant lastUsedAt) {

    /** A key without a record of its use. */
    public ApiKey(String id, String name, Set<String> scopes, Instant createdAt, String createdBy, Instant revokedAt,
            String revokedBy) {
        this(id, name, scopes, createdAt, createdBy, revokedAt, revokedBy, null);
    }

    public ApiKey {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        scopes = Set.copyOf(scopes);
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean revoked() {
        return revokedAt != null;
    }
}
