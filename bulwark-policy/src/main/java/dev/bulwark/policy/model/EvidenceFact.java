package dev.bulwark.policy.model;

import java.util.List;

/**
 * What is attached to an image where it is stored (a registry or an OCI layout): how many cosign signatures and
 * attestation envelopes, and the artifact types of its OCI referrers.
 */
public record EvidenceFact(boolean signed, boolean attested, List<String> referrerTypes) {
    public EvidenceFact {
        referrerTypes = List.copyOf(referrerTypes);
    }
}
