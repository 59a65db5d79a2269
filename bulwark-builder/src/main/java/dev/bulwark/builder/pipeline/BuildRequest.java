package dev.bulwark.builder.pipeline;

import dev.bulwark.spec.Spec;
import dev.bulwark.attest.signers.Signer;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.RegistryOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * Build {@code spec} for {@code archs} from the lock at {@code lockPath} (made first when it does not exist) and
 * write the result to every output ({@code registry}: how to reach registries). With a {@code signer} (may be
 * null), every output that can hold them also gets signatures, SBOM and provenance attestations; without one,
 * {@code attachSboms} attaches the same SBOMs and provenance unsigned, as OCI referrers. {@code sourceDateEpoch} overrides the lock's policy when a new lock is made.
 */
public record BuildRequest(Spec spec, Path lockPath, List<String> archs, List<ImageReference> outputs,
        Compression compression, Long sourceDateEpoch, RegistryOptions registry, Signer signer, boolean attachSboms) {
    public BuildRequest {
        archs = List.copyOf(archs);
        outputs = List.copyOf(outputs);
    }
}
