package dev.bulwark.catalog.watch;

import dev.bulwark.attest.signers.Signer;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.scan.advisory.AdvisorySource;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One watch cycle: the advisory sources consulted before the archive's changelogs, a key naming their state
 * ({@code advisoryState}: e.g. the snapshot's SHA-256, "" for none), how to reach registries, the signer (may be
 * null), whether to attach unsigned SBOMs, and where re-locks are staged until their build is published.
 */
public record WatchRequest(List<AdvisorySource> advisories, String advisoryState, RegistryOptions registry,
        Signer signer, boolean attachSboms, Path stagingDir) {
    public WatchRequest {
        advisories = List.copyOf(advisories);
        advisoryState = advisoryState == null ? "" : advisoryState;
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(stagingDir, "stagingDir");
    }
}
