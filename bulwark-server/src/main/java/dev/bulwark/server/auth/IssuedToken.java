package dev.bulwark.server.auth;

import java.util.Objects;

/** A token just created: its record and the secret, which is shown this once and never stored. */
public record IssuedToken(Token token, String secret) {
    public IssuedToken {
        Objects.requireNonNull(token, "token");
        if (secret == null || !secret.startsWith(Tokens.PREFIX)) {
            throw new IllegalArgumentException("a token secret starts with " + Tokens.PREFIX);
        }
    }

    /** Never prints the secret, so a log line or an assertion message cannot leak it. */
    @Override
    public String toString() {
        return "IssuedToken[" + token + ", secret=***]";
    }
}
