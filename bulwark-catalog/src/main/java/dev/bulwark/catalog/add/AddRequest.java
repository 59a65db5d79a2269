package dev.bulwark.catalog.add;

import dev.bulwark.attest.signers.Signer;
import dev.bulwark.catalog.vex.ImageVex;
import dev.bulwark.spec.Spec;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.scan.advisory.AdvisorySource;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Catalog {@code spec} and build it for {@code archs} from the lock at {@code lockPath} (made first when missing, as
 * {@code bulwark build} does), then publish it to {@code publish}: when empty, to the targets the catalog has for the
 * image, else to {@code defaultTarget}. {@code signer} may be null; {@code sourceDateEpoch} (may be null) applies
 * only when a lock is made now. The build is scanned against {@code advisories} (none: not scanned) and its scan
 * summary and findings recorded with it, after the VEX documents the image carries are applied: {@code vex}, when
 * not empty, replaces those first (empty: the image keeps the ones it has, as a watch rebuild does).
 */
public record AddRequest(Spec spec, Path lockPath, List<String> archs, List<ImageReference> publish,
        ImageReference defaultTarget, Compression compression, Long sourceDateEpoch, RegistryOptions registry,
        Signer signer, boolean attachSboms, String reason, List<AdvisorySource> advisories,
        List<ImageVex.Stored> vex) {
    /** A request that keeps the image's VEX documents. */
    public AddRequest(Spec spec, Path lockPath, List<String> archs, List<ImageReference> publish,
            ImageReference defaultTarget, Compression compression, Long sourceDateEpoch, RegistryOptions registry,
            Signer signer, boolean attachSboms, String reason, List<AdvisorySource> advisories) {
        this(spec, lockPath, archs, publish, defaultTarget, compression, sourceDateEpoch, registry, signer, attachSboms,
                reason, advisories, List.of());
    }

    /** A request whose build is not scanned. */
    public AddRequest(Spec spec, Path lockPath, List<String> archs, List<ImageReference> publish,
            ImageReference defaultTarget, Compression compression, Long sourceDateEpoch, RegistryOptions registry,
            Signer signer, boolean attachSboms, String reason) {
        this(spec, lockPath, archs, publish, defaultTarget, compression, sourceDateEpoch, registry, signer, attachSboms,
                reason, List.of());
    }

    public AddRequest {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(lockPath, "lockPath");
        archs = List.copyOf(archs);
        publish = List.copyOf(publish);
        Objects.requireNonNull(defaultTarget, "defaultTarget");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(registry, "registry");
        reason = reason == null || reason.isBlank() ? "catalog add" : reason;
        advisories = advisories == null ? List.of() : List.copyOf(advisories);
        vex = vex == null ? List.of() : List.copyOf(vex);
    }
}
