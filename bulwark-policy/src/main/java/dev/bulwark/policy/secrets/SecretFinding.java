package dev.bulwark.policy.secrets;

import java.util.Objects;

/**
 * One secret found: which detector ({@code private-key}, {@code aws-access-key-id} …), where (a file path, or
 * {@code env:NAME}, {@code label:KEY}, {@code history[i]}), the 1-based line (0 when not a file), and a redacted
 * hint (the first and last characters) — never the secret itself.
 */
public record SecretFinding(String detector, String location, int line, String redacted) {
    public SecretFinding {
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(redacted, "redacted");
    }
}
