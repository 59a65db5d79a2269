package dev.bulwark.policy.model;

import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.transport.Referrers;
import dev.bulwark.oci.transport.Store;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks up what is attached to an image in its store: cosign's {@code .sig} and {@code .att} tags and the OCI
 * referrers, for the root (index) digest and the platform manifest's digest. Presence only, nothing is verified.
 */
public final class EvidenceLookup {
    private EvidenceLookup() {
    }

    public static EvidenceFact lookup(Store store, List<Digest> subjects) throws OciException {
        boolean signed = false;
        boolean attested = false;
        List<String> types = new ArrayList<>();
        for (Digest d : subjects) {
            signed |= store.resolve(Referrers.cosignTag(d, "sig")).isPresent();
            attested |= store.resolve(Referrers.cosignTag(d, "att")).isPresent();
            for (Descriptor r : Referrers.list(store, d, null)) {
                String t = r.artifactType() == null ? "" : r.artifactType();
                types.add(t);
                signed |= t.contains("sigstore") && t.contains("bundle") || t.contains("cosign") && t.contains("sig");
                attested |= t.contains("in-toto") || t.contains("spdx") || t.contains("cyclonedx");
            }
        }
        return new EvidenceFact(signed, attested, types);
    }
}
