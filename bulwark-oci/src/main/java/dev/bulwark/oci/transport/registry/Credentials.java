package dev.bulwark.oci.transport.registry;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.OciException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/** A user name and password (or token) for a registry. {@link #toString()} never shows the password. */
public record Credentials(String username, String password) {

    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty()) {
            throw new IllegalArgumentException("credentials need a user name");
        }
    }

    /** Parses {@code USER:PASS} as {@code --creds} takes it; the password may contain colons. */
    public static Credentials parse(String s) throws OciException {
        int colon = s == null ? -1 : s.indexOf(':');
        if (colon <= 0) {
            throw new OciException(Kind.BAD_INPUT, "cannot parse credentials: expected USER:PASSWORD");
        }
        return new Credentials(s.substring(0, colon), s.substring(colon + 1));
    }

    /** The value of an HTTP Basic {@code Authorization} header. */
    public String basicHeader() {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials[" + username + ":***]";
    }
}
