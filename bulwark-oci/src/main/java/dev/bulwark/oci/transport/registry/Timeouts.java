package dev.bulwark.oci.transport.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a registry client waits: {@code connect} for a connection; {@code answer} for a small answer whole
 * (a manifest, a token, a HEAD, an error), from sending the request to the last byte of its body; {@code silence}
 * for the next bytes of a blob, which may otherwise take as long as it needs.
 */
record Timeouts(Duration connect, Duration answer, Duration silence) {
    Timeouts {
        for (Duration d : new Duration[]{connect, answer, silence}) {
            if (Objects.requireNonNull(d, "timeout").isNegative() || d.isZero()) {
                throw new IllegalArgumentException("a timeout must be positive: " + d);
            }
        }
    }

    /**
     * Connect within 15 seconds, a small answer within a minute, and a blob fails after 2 silent minutes (as a silent
     * mirror does in the Debian archive transport).
     */
    static Timeouts standard() {
        return new Timeouts(Duration.ofSeconds(15), Duration.ofMinutes(1), Duration.ofMinutes(2));
    }

    /** "1 second", "30 seconds", "2 minutes": a limit as messages say it. */
    static String words(Duration d) {
        long s = d.toSeconds();
        if (s >= 60 && s % 60 == 0) {
            return s / 60 + (s == 60 ? " minute" : " minutes");
        }
        return s == 0 ? d.toMillis() + " ms" : s + (s == 1 ? " second" : " seconds");
    }
}
