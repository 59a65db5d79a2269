package dev.bulwark.server.auth;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.server.ServerException;
import java.util.Locale;

/** What a token may do; each role includes the ones before it. */
public enum Role {
    /** Every GET. */
    READ,
    /** Also asks for rebuilds. */
    BUILD,
    /** Everything, token management included. */
    ADMIN;

    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    /** The role's name as stored and shown: {@code read}, {@code build}, {@code admin}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String value) throws ServerException {
        for (Role r : values()) {
            if (r.label().equals(value)) {
                return r;
            }
        }
        throw new ServerException(Kind.BAD_INPUT, "cannot use role '" + value + "': give read, build or admin");
    }
}
