package org.rapport.rest.security;

import java.util.Objects;

/** A key just issued: {@code secret} is the whole key, shown this once and never stored. */
public record IssuedApiKey(ApiKey key, String secret) {

    public IssuedApiKey {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(secret, "secret");
    }

    @Override
    public String toString() {
        return "IssuedApiKey[" + key.id() + "]";
    }
}
