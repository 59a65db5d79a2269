package dev.bulwark.attest.signers;

import java.util.Map;
import java.util.TreeMap;

/**
 * cosign's short names for predicate types ({@code --type}), mapped to the URIs in statements. As in cosign,
 * {@code slsaprovenance} is SLSA v0.2 and {@code slsaprovenance1} is v1; {@code vsa} (Bulwark's own name) is the
 * SLSA Verification Summary v1 that 'bulwark reproduce' attaches; anything containing a colon is taken as a URI as is.
 */
public final class PredicateTypes {
    private static final Map<String, String> BY_NAME = new TreeMap<>(Map.of(
            "spdxjson", "https://spdx.dev/Document",
            "spdx", "https://spdx.dev/Document",
            "cyclonedx", "https://cyclonedx.org/bom",
            "slsaprovenance", "https://slsa.dev/provenance/v0.2",
            "slsaprovenance02", "https://slsa.dev/provenance/v0.2",
            "slsaprovenance1", "https://slsa.dev/provenance/v1",
            "openvex", "https://openvex.dev/ns",
            "vuln", "https://cosign.sigstore.dev/attestation/vuln/v1",
            "link", "https://in-toto.io/Link/v1",
            "custom", "https://cosign.sigstore.dev/attestation/v1"));

    static {
        BY_NAME.put("vsa", "https://slsa.dev/verification_summary/v1");
    }

    private PredicateTypes() {
    }

    /** The URI for a cosign type name or a URI; fails on an unknown short name. */
    public static String uri(String nameOrUri) {
        if (nameOrUri.contains(":")) {
            return nameOrUri;
        }
        String uri = BY_NAME.get(nameOrUri);
        if (uri == null) {
            throw new IllegalArgumentException("unknown predicate type '" + nameOrUri + "' (use one of "
                    + String.join(", ", BY_NAME.keySet()) + ", or a URI)");
        }
        return uri;
    }
}
