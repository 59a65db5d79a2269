package dev.bulwark.oci.ref;

import dev.bulwark.oci.transport.Store;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.image.ImageIndex;
import dev.bulwark.oci.image.Manifest;
import dev.bulwark.oci.internal.Blobs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Checks everything a signed digest vouches for: the manifest or index it names, every manifest an index lists,
 * and every config and layer of each manifest, each read through the store against its descriptor's digest and
 * size. A signature over a digest is only worth the blobs below it; this is what {@code verify} reads.
 */
public final class ImageChain {

    /** What was checked: manifests and indexes, configs and layers, and the bytes they hold. */
    public record Checked(Descriptor root, int documents, int blobs, long bytes) {
        public Checked {
            Objects.requireNonNull(root, "root");
        }
    }

    private final Store store;
    private final Set<String> seen = new HashSet<>();
    private int documents;
    private int blobs;
    private long bytes;

    private ImageChain(Store store) {
        this.store = store;
    }

    /** Reads and checks every blob below {@code root}; fails with ENVIRONMENT at the first one that lies. */
    public static Checked check(Store store, Descriptor root) throws OciException {
        ImageChain chain = new ImageChain(store);
        chain.document(root);
        return new Checked(root, chain.documents, chain.blobs, chain.bytes);
    }

    private void document(Descriptor d) throws OciException {
        if (!seen.add(d.digest() + "/" + d.size())) { // another size for one digest is checked too (and fails)
            return;
        }
        byte[] content = store.manifest(d);
        documents++;
        bytes += content.length;
        if (MediaTypes.isIndex(d.mediaType())) {
            for (Descriptor child : ImageIndex.parse(content).manifests()) {
                document(child);
            }
        } else if (MediaTypes.isManifest(d.mediaType())) {
            Manifest m = Manifest.parse(content);
            blob(m.config());
            for (Descriptor layer : m.layers()) {
                blob(layer);
            }
        } else {
            throw new OciException(Kind.BAD_INPUT, "cannot check " + d.digest() + " in " + store + ": media type "
                    + d.mediaType() + " is neither a manifest nor an index");
        }
    }

    private void blob(Descriptor d) throws OciException {
        if (!seen.add(d.digest() + "/" + d.size())) {
            return;
        }
        try (InputStream in = store.blob(d)) {
            bytes += in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw Blobs.failure("cannot read blob " + d.digest() + " of " + store, e);
        }
        blobs++;
    }
}
