package dev.bulwark.server.auth;

import java.time.Instant;
import java.util.Objects;

/** A stored API token as listed: never the secret, which only its holder has. */
public record Token(long id, String name, Role role, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
    public Token {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
        if (id <= 0) {
            throw new IllegalArgumentException("token id must be positive: " + id);
        }
    }

    public boolean revoked() {
        return revokedAt != null;
    }
}
