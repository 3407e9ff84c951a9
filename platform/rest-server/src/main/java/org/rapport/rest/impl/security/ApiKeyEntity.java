package org.rapport.rest.impl.security;

import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import javax.persistence.Cacheable;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

import org.rapport.rest.security.ApiKey;

/**
 * A stored API key: its public id, and a SHA-256 hash of the whole key, never the key. Not cached,
 * so that a revocation made on any node holds on every node from the next request.
 */
@Entity
@Cacheable(false)
@Table(name = "API_KEY")
class ApiKeyEntity {

    @Id
    @Column(name = "ID", length = 32)
    private String id;

    @Column(name = "NAME", nullable = false, length = 200)
    private String name;

    @Column(name = "SCOPES", nullable = false, length = 2000)
    private String scopes;

    @Column(name = "KEY_HASH", nullable = false, length = 64)
    private String keyHash;

    @Column(name = "CREATED_AT", nullable = false)
    private Instant createdAt;

    @Column(name = "CREATED_BY", nullable = false, length = 200)
    private String createdBy;

    @Column(name = "REVOKED_AT")
    private Instant revokedAt;

    @Column(name = "REVOKED_BY", length = 200)
    private String revokedBy;

    /** When a request last came with the key, to the minute. */
    @Column(name = "LAST_USED_AT")
    private Instant lastUsedAt;

    protected ApiKeyEntity() {
    }

    ApiKeyEntity(String id, String name, Set<String> scopes, String keyHash, Instant createdAt, String createdBy) {
        this.id = id;
        this.name = name;
        this.scopes = String.join(" ", new TreeSet<>(scopes));
        this.keyHash = keyHash;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
    }

    String keyHash() {
        return keyHash;
    }

    void revoke(Instant at, String by) {
        revokedAt = at;
        revokedBy = by;
    }

    ApiKey toKey() {
        Set<String> scopeSet = scopes.isBlank() ? Set.of() : Set.copyOf(Arrays.asList(scopes.split(" ")));
        return new ApiKey(id, name, scopeSet, createdAt, createdBy, revokedAt, revokedBy, lastUsedAt);
    }
}
