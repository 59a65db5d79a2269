package dev.bulwark.oci.transport.registry;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.image.ImageIndex;
import dev.bulwark.oci.image.Images;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.image.Layers;
import dev.bulwark.oci.image.Manifest;
import dev.bulwark.oci.internal.Blobs;
import dev.bulwark.oci.transport.ImageSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads images from a registry ({@code docker://HOST/REPO[:TAG|@DIGEST]}). Manifests and configs are fetched
 * when asked for and checked against their descriptors' digest and size before they are parsed; layers stream
 * from the registry, checked as they end (or when closed early).
 * Not thread-safe: the root is resolved once, on first use.
 */
public final class RegistrySource implements ImageSource {
    private final RegistryStore store;
    private final String reference;
    private Descriptor root;

    /** {@code reference} is a tag or a digest string. */
    public RegistrySource(RegistryStore store, String reference) {
        this.store = Objects.requireNonNull(store, "store");
        this.reference = Objects.requireNonNull(reference, "reference");
    }

    @Override
    public Descriptor root() throws OciException {
        if (root == null) {
            root = store.resolve(reference).orElseThrow(() -> new RegistryException(Kind.BAD_INPUT, "cannot read "
                    + store + ":" + reference + ": the registry has no such manifest", 404, "MANIFEST_UNKNOWN", false,
                    null, null));
        }
        return root;
    }

    @Override
    public Optional<ImageIndex> index() throws OciException {
        Descriptor r = root();
        return MediaTypes.isIndex(r.mediaType()) ? Optional.of(ImageIndex.parse(store.manifest(r))) : Optional.empty();
    }

    private List<Descriptor> manifests() throws OciException {
        Optional<ImageIndex> index = index();
        return index.isPresent() ? index.get().manifests() : List.of(root());
    }

    @Override
    public List<Platform> platforms() throws OciException {
        List<Platform> out = new ArrayList<>();
        for (Descriptor d : manifests()) {
            out.add(d.platform() != null ? d.platform() : read(d).platform());
        }
        return out;
    }

    @Override
    public Image image(Platform platform) throws OciException {
        for (Descriptor d : manifests()) {
            if (platform.equals(d.platform())) {
                return read(d);
            }
        }
        for (Descriptor d : manifests()) {
            if (d.platform() == null && MediaTypes.isManifest(d.mediaType())) {
                Image image = read(d);
                if (image.platform().equals(platform)) {
                    return image;
                }
            }
        }
        throw new OciException(Kind.BAD_INPUT, "cannot read image from " + store + ":" + reference
                + ": no image for platform " + platform + " (has " + platforms() + ")");
    }

    @Override
    public InputStream blob(Descriptor d) throws OciException {
        if (MediaTypes.isManifest(d.mediaType()) || MediaTypes.isIndex(d.mediaType())) {
            return new ByteArrayInputStream(store.manifest(d));
        }
        return store.blob(d);
    }

    private Image read(Descriptor d) throws OciException {
        if (!MediaTypes.isManifest(d.mediaType())) {
            throw new OciException(Kind.BAD_INPUT, "cannot read image " + d.digest() + " from " + store + ": it is a "
                    + d.mediaType() + ", not a manifest");
        }
        byte[] rawManifest = store.manifest(d);
        Manifest manifest = Manifest.parse(rawManifest);
        byte[] rawConfig = Blobs.document(store.blob(manifest.config()), manifest.config(), store.toString());
        ImageConfig config = ImageConfig.parse(rawConfig);
        if (config.diffIds().size() != manifest.layers().size()) {
            throw new OciException(Kind.BAD_INPUT, "cannot read image " + d.digest() + " from " + store + ": "
                    + manifest.layers().size() + " layers but " + config.diffIds().size() + " diff_ids");
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < manifest.layers().size(); i++) {
            Descriptor l = manifest.layers().get(i);
            layers.add(Layers.of(l, config.diffIds().get(i), () -> open(l)));
        }
        return Images.of(rawManifest, rawConfig, layers);
    }

    private InputStream open(Descriptor layer) throws IOException {
        try {
            return store.blob(layer);
        } catch (OciException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
