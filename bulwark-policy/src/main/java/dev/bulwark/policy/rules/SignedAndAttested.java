package dev.bulwark.policy.rules;

import dev.bulwark.policy.PolicyException;
import dev.bulwark.policy.model.ImageModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The stored image has a cosign signature and attestations (cosign's {@code .sig} / {@code .att} tags, or OCI
 * referrers). Presence only: {@code bulwark verify} checks them against a key.
 */
public final class SignedAndAttested implements Rule {
    @Override
    public String id() {
        return "signed-and-attested";
    }

    @Override
    public String rationale() {
        return "consumers can only verify where an image came from when it is signed and carries its SBOM and provenance";
    }

    @Override
    public String fix() {
        return "build or sign with a key (--sign-key) so signatures and attestations are attached";
    }

    @Override
    public Set<String> parameters() {
        return Set.of("require-attestations");
    }

    @Override
    public String notApplicable(ImageModel image) {
        return image.evidence() == null ? "evidence is looked up only for images in a registry or an OCI layout" : null;
    }

    @Override
    public List<Violation> evaluate(ImageModel image, Params params) throws PolicyException {
        List<Violation> out = new ArrayList<>();
        if (!image.evidence().signed()) {
            out.add(new Violation("signature", "the image has no signature"));
        }
        if (params.bool("require-attestations", true) && !image.evidence().attested()) {
            out.add(new Violation("attestations", "the image has no attestations"));
        }
        return out;
    }
}
