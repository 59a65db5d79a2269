package dev.bulwark.catalog.add;

import dev.bulwark.attest.sbom.SbomFormat;
import dev.bulwark.builder.pipeline.BuildResult;
import dev.bulwark.catalog.model.Attestation;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.Referrers;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.oci.transport.Store;
import dev.bulwark.oci.transport.Transports;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The digests of the unsigned evidence a build attached as OCI referrers: an SPDX and a CycloneDX SBOM per
 * platform manifest, SLSA provenance on the root. Read back from the first output that holds referrers, so the
 * catalog records what is really there. Signed builds keep their evidence in cosign's tags, not read here yet.
 */
final class EvidenceDigests {
    private static final String PROVENANCE = "application/vnd.in-toto+json";

    private EvidenceDigests() {
    }

    static List<Attestation> of(BuildResult result, RegistryOptions registry) throws BulwarkException {
        for (BuildResult.Output o : result.outputs()) {
            if (o.signed() || !(o.reference() instanceof ImageReference.OciLayout
                    || o.reference() instanceof ImageReference.Registry)) {
                continue;
            }
            Store store = Transports.openStore(o.reference(), registry);
            List<Attestation> out = new ArrayList<>();
            for (Map.Entry<String, Image> e : result.images().entrySet()) {
                for (Descriptor d : Referrers.list(store, e.getValue().digest(), null)) {
                    String kind = SbomFormat.SPDX_JSON.mediaType().equals(d.artifactType()) ? "sbom-spdx"
                            : SbomFormat.CYCLONEDX_JSON.mediaType().equals(d.artifactType()) ? "sbom-cyclonedx" : null;
                    if (kind != null) {
                        out.add(new Attestation(kind, e.getKey(), d.digest().toString()));
                    }
                }
            }
            for (Descriptor d : Referrers.list(store, o.written().root().digest(), PROVENANCE)) {
                out.add(new Attestation("provenance", "", d.digest().toString()));
            }
            return dedupe(out);
        }
        return List.of();
    }

    /** One per kind and arch (a re-attached referrer may be listed twice). */
    private static List<Attestation> dedupe(List<Attestation> all) {
        Map<String, Attestation> byKey = new java.util.TreeMap<>();
        all.forEach(a -> byKey.putIfAbsent(a.kind() + " " + a.arch(), a));
        return List.copyOf(byKey.values());
    }
}
