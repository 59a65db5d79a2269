package dev.bulwark.oci.transport;

import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.image.ImageIndex;
import dev.bulwark.oci.image.Layers;
import dev.bulwark.oci.image.Manifest;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Artifacts that refer to an image (signatures, SBOMs, attestations), after OCI 1.1: an artifact is a manifest
 * with a {@code subject} and an {@code artifactType}. Where a store has the referrers API the registry indexes
 * it; otherwise (Debian's docker-registry, OCI layouts) the referrers tag scheme applies: an image index at the
 * tag {@code sha256-<hex>} of the subject lists every referrer.
 */
public final class Referrers {
    /** The empty JSON object OCI 1.1 uses as the config of artifacts that have none. */
    public static final byte[] EMPTY_CONFIG = "{}".getBytes(StandardCharsets.US_ASCII);

    private Referrers() {
    }

    /** One blob of an artifact: its descriptor and a way to read it. */
    public record Blob(Descriptor descriptor, Layers.Opener content) {
        public Blob {
            Objects.requireNonNull(descriptor, "descriptor");
            Objects.requireNonNull(content, "content");
        }

        public static Blob of(String mediaType, byte[] bytes) {
            byte[] copy = bytes.clone();
            return new Blob(Descriptor.of(mediaType, copy), () -> new ByteArrayInputStream(copy));
        }
    }

    /** The tag of the referrers tag scheme for a subject: {@code sha256-<hex>}. */
    public static String fallbackTag(Digest subject) {
        return subject.dashed();
    }

    /** Cosign's tag for a subject's signatures ({@code "sig"}) or attestations ({@code "att"}): {@code sha256-<hex>.sig}. */
    public static String cosignTag(Digest subject, String suffix) {
        return subject.dashed() + "." + suffix;
    }

    /**
     * Stores an artifact that refers to {@code subject}: its blobs, the empty config, the manifest (by digest),
     * and — when the store has no referrers API — the updated referrers index at {@link #fallbackTag}. Returns
     * the artifact manifest's descriptor with its artifact type and annotations, as listings show it.
     */
    public static Descriptor attach(Store store, Descriptor subject, String artifactType, List<Blob> blobs,
                                    Map<String, String> annotations) throws OciException {
        Objects.requireNonNull(artifactType, "artifactType");
        for (Blob b : blobs) {
            store.putBlob(b.descriptor(), b.content());
        }
        Descriptor config = Descriptor.of(MediaTypes.OCI_EMPTY, EMPTY_CONFIG);
        store.putBlob(config, () -> new ByteArrayInputStream(EMPTY_CONFIG));
        Descriptor plainSubject = new Descriptor(subject.mediaType(), subject.digest(), subject.size());
        Manifest manifest = new Manifest(MediaTypes.OCI_MANIFEST, config,
                blobs.stream().map(Blob::descriptor).toList(), annotations, plainSubject, artifactType);
        Descriptor stored = store.putManifest(MediaTypes.OCI_MANIFEST, manifest.toJson(), null);
        Descriptor listed = new Descriptor(stored.mediaType(), stored.digest(), stored.size(), annotations, null,
                artifactType);
        index(store, subject.digest(), listed, null);
        return listed;
    }

    /**
     * Lists a stored artifact manifest under its subject in the referrers tag scheme's index at
     * {@link #fallbackTag}, dropping {@code replaced} (an earlier version of the same artifact, such as cosign's
     * {@code .sig} manifest before a signature was appended; null for none). Does nothing when the store has the
     * referrers API, which indexes manifests with a subject by itself.
     */
    public static void index(Store store, Digest subject, Descriptor listed, Digest replaced) throws OciException {
        if (store.referrers(subject).isPresent()) {
            return;
        }
        List<Descriptor> old = fromTag(store, subject);
        if (old.stream().anyMatch(e -> e.digest().equals(listed.digest()))) {
            return;
        }
        List<Descriptor> entries = new ArrayList<>();
        boolean placed = false;
        for (Descriptor e : old) {
            if (!e.digest().equals(replaced)) {
                entries.add(e);
            } else if (!placed) {
                entries.add(listed);
                placed = true;
            }
        }
        if (!placed) {
            entries.add(listed);
        }
        store.putManifest(MediaTypes.OCI_INDEX, ImageIndex.oci(entries, Map.of()).toJson(), fallbackTag(subject));
    }

    /** The referrers of a subject, through the API when the store has one, else the tag scheme; filtered by type when {@code artifactType} is not null. */
    public static List<Descriptor> list(Store store, Digest subject, String artifactType) throws OciException {
        Optional<List<Descriptor>> api = store.referrers(subject);
        List<Descriptor> all = api.isPresent() ? api.get() : fromTag(store, subject);
        return all.stream().filter(d -> artifactType == null || artifactType.equals(d.artifactType())).toList();
    }

    private static List<Descriptor> fromTag(Store store, Digest subject) throws OciException {
        Optional<Descriptor> index = store.resolve(fallbackTag(subject));
        if (index.isEmpty() || !MediaTypes.isIndex(index.get().mediaType())) {
            return List.of();
        }
        return ImageIndex.parse(store.manifest(index.get())).manifests();
    }
}
