package dev.bulwark.server.api;

import dev.bulwark.server.auth.Role;
import java.util.Objects;

/** Who is asking: a token's name and role, or {@code anonymous} with read access when the server allows it. */
record Caller(String name, Role role, String rateKey) {
    Caller {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(rateKey, "rateKey");
    }
}
