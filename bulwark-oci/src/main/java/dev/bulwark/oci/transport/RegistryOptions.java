package dev.bulwark.oci.transport;

import dev.bulwark.core.Progress;
import dev.bulwark.oci.transport.registry.Credentials;
import dev.bulwark.oci.transport.registry.RetryPolicy;

import java.nio.file.Path;

/**
 * How to reach registries: {@code insecure} allows plain HTTP to non-loopback hosts; {@code credentials}
 * (may be null) win over the auth file; {@code authFile} (may be null) replaces the default lookup
 * ({@code REGISTRY_AUTH_FILE}, {@code $DOCKER_CONFIG/config.json}, {@code ~/.docker/config.json});
 * {@code progress} hears about uploads; {@code retry} governs transient failures; {@code confinedAuth} (for
 * registries the operator does not run) refuses a plain-HTTP token realm named by an HTTPS registry and sends
 * credentials to no realm on another host.
 */
public record RegistryOptions(boolean insecure, Credentials credentials, Path authFile, Progress progress,
                              RetryPolicy retry, boolean confinedAuth) {

    public RegistryOptions {
        progress = progress == null ? Progress.NONE : progress;
        retry = retry == null ? RetryPolicy.standard() : retry;
    }

    public RegistryOptions(boolean insecure, Credentials credentials, Path authFile, Progress progress,
                           RetryPolicy retry) {
        this(insecure, credentials, authFile, progress, retry, false);
    }

    public RegistryOptions(boolean insecure, Credentials credentials, Path authFile, Progress progress) {
        this(insecure, credentials, authFile, progress, RetryPolicy.standard());
    }

    /** Secure, credentials from the default auth files, no progress, standard retries. */
    public static RegistryOptions defaults() {
        return new RegistryOptions(false, null, null, Progress.NONE, RetryPolicy.standard());
    }

    /**
     * For reading images someone else publishes: HTTPS unless the host is loopback, no credentials but the auth
     * file's entry for each registry's own host ({@code authFile} null: the default lookup), {@link #confinedAuth}.
     */
    public static RegistryOptions outside(Path authFile) {
        return new RegistryOptions(false, null, authFile, Progress.NONE, RetryPolicy.standard(), true);
    }

    public RegistryOptions withRetry(RetryPolicy r) {
        return new RegistryOptions(insecure, credentials, authFile, progress, r, confinedAuth);
    }
}
