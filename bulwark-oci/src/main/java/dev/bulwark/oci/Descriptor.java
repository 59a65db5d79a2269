package dev.bulwark.oci;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Points at a blob by media type, digest and size (OCI descriptor). {@code platform} and {@code artifactType}
 * may be null; annotations are never null and kept sorted so their JSON form is stable.
 */
public record Descriptor(String mediaType, Digest digest, long size, Map<String, String> annotations,
                         Platform platform, String artifactType) {
    public static final String REF_NAME = "org.opencontainers.image.ref.name";

    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        if (mediaType.isBlank()) {
            throw new IllegalArgumentException("descriptor media type is blank");
        }
        if (size < 0) {
            throw new IllegalArgumentException("descriptor size is negative: " + size);
        }
        annotations = annotations == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(annotations));
    }

    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, Map.of(), null, null);
    }

    /** The descriptor of in-memory content, e.g. a config or manifest. */
    public static Descriptor of(String mediaType, byte[] content) {
        return new Descriptor(mediaType, Digest.of(content), content.length);
    }

    public Descriptor withPlatform(Platform p) {
        return new Descriptor(mediaType, digest, size, annotations, p, artifactType);
    }

    public Descriptor withAnnotations(Map<String, String> a) {
        return new Descriptor(mediaType, digest, size, a, platform, artifactType);
    }

    /** The tag an OCI layout's index.json gives this descriptor, or null. */
    public String refName() {
        return annotations.get(REF_NAME);
    }
}
