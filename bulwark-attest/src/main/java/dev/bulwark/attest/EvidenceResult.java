package dev.bulwark.attest;

import dev.bulwark.attest.sbom.SbomFormat;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.Platform;

import java.util.List;
import java.util.Map;

/**
 * What {@link Evidence} made: the SBOM bytes per platform and format, the provenance statement (null without
 * build facts), and the manifests it signed (the root first, then each platform's manifest of an index).
 */
public record EvidenceResult(Map<Platform, Map<SbomFormat, byte[]>> sboms, byte[] provenance, List<Digest> signed) {

    public EvidenceResult {
        sboms = Map.copyOf(sboms);
        signed = List.copyOf(signed);
    }
}
