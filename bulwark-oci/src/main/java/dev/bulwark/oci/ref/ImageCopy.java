package dev.bulwark.oci.ref;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.image.ImageIndex;
import dev.bulwark.oci.image.Manifest;
import dev.bulwark.oci.registry.RegistryStore;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Copies what a reference names from one {@link Store} to another byte for byte, so every digest stays the
 * same: blobs first (skipping those the target has, mounting within one registry), then child manifests by
 * digest, and the root manifest or index last, at the target tag.
 */
public final class ImageCopy {
    private final Store from;
    private final Store to;
    private final Set<String> seen = new HashSet<>();
    private final List<Descriptor> copied = new ArrayList<>();
    private int present;

    /** What a copy did: the root it copied, and how many blobs it transferred or found already there. */
    public record Result(Descriptor root, List<Descriptor> blobsCopied, int blobsPresent) {
        public Result {
            Objects.requireNonNull(root, "root");
            blobsCopied = List.copyOf(blobsCopied);
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
        Descriptor root = from.resolve(reference).orElseThrow(() -> new OciException(Kind.BAD_INPUT,
                "cannot copy " + from + ":" + reference + ": there is no such image"));
        ImageCopy c = new ImageCopy(from, to);
        byte[] bytes = c.copyChildren(root);
        to.putManifest(root.mediaType(), bytes, tag);
        return new Result(new Descriptor(root.mediaType(), root.digest(), root.size()), c.copied, c.present);
    }

    /** Copies everything a manifest or index refers to, and returns its own bytes (not yet stored). */
    private byte[] copyChildren(Descriptor d) throws OciException {
        byte[] bytes = from.manifest(d);
        if (MediaTypes.isIndex(d.mediaType())) {
            for (Descriptor child : ImageIndex.parse(bytes).manifests()) {
                if (seen.add(child.digest().toString())) {
                    byte[] childBytes = copyChildren(child);
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
