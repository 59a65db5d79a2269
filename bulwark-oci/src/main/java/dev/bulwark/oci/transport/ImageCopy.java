package dev.bulwark.oci.transport;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.image.ImageIndex;
import dev.bulwark.oci.image.Manifest;
import dev.bulwark.oci.transport.registry.RegistryStore;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Copies what a reference names from one {@link Store} to another byte for byte, so every digest stays the
 * same: blobs first (skipping those the target has, mounting within one registry), then child manifests by
 * digest, and the root manifest or index last, at the target tag. With its evidence (as {@code cosign copy} and
 * {@code oras copy -r} do), then, for the root and every manifest of it: cosign's {@code sha256-<hex>.sig},
 * {@code .att} and {@code .sbom} images at the same tags, and every OCI 1.1 referrer the source lists (its API or
 * the {@code sha256-<hex>} tag index), indexed again in the target the way the target indexes referrers; and
 * so on for the evidence of the evidence.
 */
public final class ImageCopy {
    /** The suffixes of cosign's tags: signatures, attestations, and SBOMs ({@code cosign attach sbom}). */
    private static final List<String> COSIGN_SUFFIXES = List.of("sig", "att", "sbom");
    private final Store from;
    private final Store to;
    private final Set<String> seen = new HashSet<>();
    private final Set<Digest> evidenceOf = new HashSet<>();
    private final List<Descriptor> copied = new ArrayList<>();
    private final List<Descriptor> referrers = new ArrayList<>();
    private int present;

    /**
     * What a copy did: the root it copied, how many blobs it transferred or found already there, and the
     * evidence manifests (signatures, attestations, other referrers) it carried along.
     */
    public record Result(Descriptor root, List<Descriptor> blobsCopied, int blobsPresent,
                         List<Descriptor> referrersCopied) {
        public Result {
            Objects.requireNonNull(root, "root");
            blobsCopied = List.copyOf(blobsCopied);
            referrersCopied = List.copyOf(referrersCopied);
        }

        public Result(Descriptor root, List<Descriptor> blobsCopied, int blobsPresent) {
            this(root, blobsCopied, blobsPresent, List.of());
        }
    }

    private ImageCopy(Store from, Store to) {
        this.from = from;
        this.to = to;
    }

    /**
     * Copies the manifest or index {@code reference} names in {@code from} to {@code to}, tagged {@code tag}
     * (null: by digest only).
     */
    public static Result copy(Store from, String reference, Store to, String tag) throws OciException {
        return copy(from, reference, to, tag, false);
    }

    /** As {@link #copy(Store, String, Store, String)}; with {@code evidence}, signatures and referrers too. */
    public static Result copy(Store from, String reference, Store to, String tag, boolean evidence)
            throws OciException {
        Descriptor root = from.resolve(reference).orElseThrow(() -> new OciException(Kind.BAD_INPUT,
                "cannot copy " + from + ":" + reference + ": there is no such image"));
        ImageCopy c = new ImageCopy(from, to);
        boolean done = false;
        try {
            List<Digest> manifests = new ArrayList<>();
            byte[] bytes = c.copyChildren(root, manifests);
            to.putManifest(root.mediaType(), bytes, tag);
            if (evidence) {
                for (Digest d : manifests) {
                    c.copyEvidence(d);
                }
            }
            done = true;
        } finally {
            if (!done && to instanceof dev.bulwark.oci.transport.layout.LayoutStore layout) {
                layout.abandon(); // a copy into a new layout that failed leaves no half layout
            }
        }
        return new Result(new Descriptor(root.mediaType(), root.digest(), root.size()), c.copied, c.present,
                c.referrers);
    }

    /**
     * Copies the cosign images at a subject's tags and every referrer the source lists for it, then theirs; the
     * target's referrers index lists what the source's did, replacing older versions of the cosign manifests.
     */
    private void copyEvidence(Digest subject) throws OciException {
        if (!evidenceOf.add(subject)) {
            return;
        }
        Map<Digest, Digest> replaces = new HashMap<>();
        List<Digest> next = new ArrayList<>();
        for (String suffix : COSIGN_SUFFIXES) {
            String tag = Referrers.cosignTag(subject, suffix);
            Optional<Descriptor> found = from.resolve(tag);
            if (found.isPresent()) {
                Optional<Descriptor> before = to.resolve(tag);
                copyManifest(found.get(), tag);
                before.ifPresent(b -> replaces.put(found.get().digest(), b.digest()));
                next.add(found.get().digest());
            }
        }
        for (Descriptor r : Referrers.list(from, subject, null)) {
            if (!next.contains(r.digest())) {
                copyManifest(r, null);
                next.add(r.digest());
            }
            Referrers.index(to, subject, r, replaces.get(r.digest()));
        }
        for (Digest d : next) {
            copyEvidence(d);
        }
    }

    private void copyManifest(Descriptor d, String tag) throws OciException {
        Descriptor plain = new Descriptor(d.mediaType(), d.digest(), d.size());
        if (seen.add(plain.digest().toString())) {
            to.putManifest(plain.mediaType(), copyChildren(plain, new ArrayList<>()), tag);
            referrers.add(plain);
        } else if (tag != null) {
            to.putManifest(plain.mediaType(), from.manifest(plain), tag);
        }
    }

    /**
     * Copies everything a manifest or index refers to, and returns its own bytes (not yet stored); adds its
     * digest and those of the manifests inside it to {@code manifests}.
     */
    private byte[] copyChildren(Descriptor d, List<Digest> manifests) throws OciException {
        byte[] bytes = from.manifest(d);
        manifests.add(d.digest());
        if (MediaTypes.isIndex(d.mediaType())) {
            for (Descriptor child : ImageIndex.parse(bytes).manifests()) {
                if (seen.add(child.digest().toString())) {
                    byte[] childBytes = copyChildren(child, manifests);
                    to.putManifest(child.mediaType(), childBytes, null);
                }
            }
        } else if (MediaTypes.isManifest(d.mediaType())) {
            Manifest m = Manifest.parse(bytes);
            copyBlob(m.config());
            for (Descriptor layer : m.layers()) {
                copyBlob(layer);
            }
        } else {
            throw new OciException(Kind.BAD_INPUT, "cannot copy " + d.digest() + ": media type " + d.mediaType()
                    + " is neither a manifest nor an index");
        }
        return bytes;
    }

    private void copyBlob(Descriptor d) throws OciException {
        if (!seen.add(d.digest().toString())) {
            return;
        }
        if (to.hasBlob(d)) {
            present++;
            return;
        }
        if (from instanceof RegistryStore src && to instanceof RegistryStore dst && src.host().equals(dst.host())
                && !src.repository().equals(dst.repository()) && dst.mount(d, src.repository())) {
            copied.add(d);
            return;
        }
        to.putBlob(d, () -> open(d));
        copied.add(d);
    }

    private InputStream open(Descriptor d) throws IOException {
        try {
            return from.blob(d);
        } catch (OciException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
