package dev.bulwark.attest.signers;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** One layer of a cosign {@code .sig} or {@code .att} image: a small blob and its annotations. */
record CosignLayer(String mediaType, byte[] content, Map<String, String> annotations) {

    CosignLayer {
        Objects.requireNonNull(mediaType, "mediaType");
        content = content.clone();
        annotations = java.util.Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    @Override
    public byte[] content() {
        return content.clone();
    }
}
