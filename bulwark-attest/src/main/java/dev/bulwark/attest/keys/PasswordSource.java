package dev.bulwark.attest.keys;

import dev.bulwark.attest.AttestException;
import dev.bulwark.core.BulwarkException.Kind;

import java.io.Console;
import java.util.Arrays;
import java.util.Map;

/** Where the password of an encrypted private key comes from. */
@FunctionalInterface
public interface PasswordSource {
    String ENV = "COSIGN_PASSWORD";

    /** The password; {@code confirm} asks twice when a new key is written. The caller wipes the array. */
    char[] password(boolean confirm) throws AttestException;

    static PasswordSource of(char[] password) {
        char[] copy = password.clone();
        return confirm -> copy.clone();
    }

    /**
     * As cosign does: {@code COSIGN_PASSWORD} when set (even empty), else a prompt on the terminal;
     * {@code console} may be null when there is no terminal.
     */
    static PasswordSource cosignStyle(Map<String, String> environment, Console console) {
        return confirm -> {
            String fromEnv = environment.get(ENV);
            if (fromEnv != null) {
                return fromEnv.toCharArray();
            }
            if (console == null) {
                throw new AttestException(Kind.BAD_INPUT, "cannot read the key password: set " + ENV
                        + " or run in a terminal");
            }
            char[] first = console.readPassword(confirm ? "Enter password for private key: "
                    : "Enter password for private key: ");
            if (first == null) {
                throw new AttestException(Kind.BAD_INPUT, "cannot read the key password: end of input");
            }
            if (confirm) {
                char[] again = console.readPassword("Enter password for private key again: ");
                boolean same = Arrays.equals(first, again);
                if (again != null) {
                    Arrays.fill(again, '\0');
                }
                if (!same) {
                    Arrays.fill(first, '\0');
                    throw new AttestException(Kind.BAD_INPUT, "cannot read the key password: the two entries differ");
                }
            }
            return first;
        };
    }
}
