package org.rapport.rest.security;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.annotation.versioning.ProviderType;
import org.rapport.rest.ApiException;

/**
 * API keys for partner systems. A key is {@code rpk_<id>_<secret>}; only a SHA-256 hash of it is
 * stored. A key carries scopes such as {@code contacts:read}; a resource method lets a key in
 * when its {@link org.rapport.rest.Access#scope()} is one of them. Revocation takes effect on the
 * next request: every request checks the stored key.
 */
@ProviderType
public interface ApiKeyService {

    /**
     * Issues a key. @throws ApiException 400 for a blank name or a scope that is not of the form
     * {@code area:action}
     */
    IssuedApiKey issue(String name, Set<String> scopes, String issuedBy);

    /** Every key, revoked ones included, newest first. */
    List<ApiKey> list();

    Optional<ApiKey> find(String id);

    /** Revokes a key at once. @throws ApiException 404 for an unknown id */
    ApiKey revoke(String id, String revokedBy);

    /** The stored key a presented key belongs to, if it is genuine and not revoked. */
    Optional<ApiKey> authenticate(String presentedKey);
}
