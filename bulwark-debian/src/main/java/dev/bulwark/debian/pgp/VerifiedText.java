package dev.bulwark.debian.pgp;

import java.util.List;
import java.util.Objects;

/**
 * The signed text of a cleartext-signed message (dash-unescaped, lines ending in "\n", trailing whitespace removed
 * as RFC 4880 says it is not signed) and the primary-key fingerprints of the keys whose signatures were good.
 */
public record VerifiedText(String text, List<String> goodSignerFingerprints) {
    public VerifiedText {
        Objects.requireNonNull(text, "text");
        goodSignerFingerprints = List.copyOf(goodSignerFingerprints);
        if (goodSignerFingerprints.isEmpty()) {
            throw new IllegalArgumentException("verified text needs at least one good signer");
        }
    }
}
