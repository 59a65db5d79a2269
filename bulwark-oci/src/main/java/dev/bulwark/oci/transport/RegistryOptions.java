package dev.bulwark.oci.transport;

import dev.bulwark.core.Progress;
import dev.bulwark.oci.transport.registry.Credentials;
import dev.bulwark.oci.transport.registry.RetryPolicy;

import java.nio.file.Path;

/**
 * How to reach registries: {@code insecure} allows plain HTTP to non-loopback hosts; {@code credentials}
 * (may be null) win over the auth file; {@code authFile} (may be null) replaces the default lookup
 * ({@code REGISTRY_AUTH_FILE}, {@code $DOCKER_CONFIG/config.json}, {@code ~/.docker/config.json});
 * {@code progress} hears about uploads; {@code retry} governs transient failures.
 */
public record RegistryOptions(boolean insecure, Credentials credentials, Path authFile, Progress progress,
                              RetryPolicy retry) {

    public RegistryOptions {
        progress = progress == null ? Progress.NONE : progress;
        retry = retry == null ? RetryPolicy.standard() : retry;
    }

    public RegistryOptions(boolean insecure, Credentials credentials, Path authFile, Progress progress) {
        this(insecure, credentials, authFile, progress, RetryPolicy.standard());
    }

    /** Secure, credentials from the default auth files, no progress, standard retries. */
    public static RegistryOptions defaults() {
        return new RegistryOptions(false, null, null, Progress.NONE, RetryPolicy.standard());
    }

    public RegistryOptions withRetry(RetryPolicy r) {
        return new RegistryOptions(insecure, credentials, authFile, progress, r);
    }
}
