package dev.bulwark.oci.transport.layout;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.text.Escape;
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
import dev.bulwark.oci.transport.ImageSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads images from an OCI image layout ({@code oci:DIR[:TAG]}). Without a tag the layout must hold exactly
 * one entry. index.json is the root of trust (it holds no digest of itself); every blob below it is checked
 * against the descriptor that names it: indexes, manifests and configs whole before they are parsed, layers as
 * their streams end (or are closed early). A blob replaced in place is refused with ENVIRONMENT.
 */
public final class LayoutSource implements ImageSource {
    private final Path dir;
    private final String tag;
    private final String name;

    public LayoutSource(Path dir, String tag) {
        this(dir, tag, "oci:" + dir + (tag == null ? "" : ":" + tag));
    }

    /** {@code name} is how errors name the reference, e.g. the oci-archive a temp layout was unpacked from. */
    public LayoutSource(Path dir, String tag, String name) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.tag = tag;
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public Descriptor root() throws OciException {
        ImageIndex index = LayoutFiles.readIndex(dir);
        if (index == null) {
            throw new OciException(Kind.BAD_INPUT, "cannot read layout " + dir + ": it has no index.json");
        }
        List<String> tags = index.manifests().stream().map(d -> Escape.text(String.valueOf(d.refName()))).toList();
        if (tag == null) {
            Optional<Descriptor> latest = index.manifests().stream().filter(d -> "latest".equals(d.refName())).findFirst();
            if (index.manifests().size() != 1 && latest.isPresent()) {
                return latest.get();
            }
            if (index.manifests().size() != 1) {
                throw new OciException(Kind.BAD_INPUT, "cannot read layout " + dir + ": it holds "
                        + index.manifests().size() + " images, name one with oci:DIR:TAG (tags: " + tags + ")");
            }
            return index.manifests().get(0);
        }
        return index.manifests().stream().filter(d -> tag.equals(d.refName())).findFirst()
                .orElseThrow(() -> new OciException(Kind.BAD_INPUT, "cannot read layout " + dir + ": no image tagged '"
                        + Escape.text(tag) + "' (tags: " + tags + ")"));
    }

    @Override
    public Optional<ImageIndex> index() throws OciException {
        Descriptor root = root();
        if (!MediaTypes.isIndex(root.mediaType())) {
            return Optional.empty();
        }
        return Optional.of(ImageIndex.parse(LayoutFiles.readDocument(dir, root, name)));
    }

    @Override
    public List<Platform> platforms() throws OciException {
        Optional<ImageIndex> index = index();
        List<Descriptor> manifests = index.isPresent() ? index.get().manifests() : List.of(root());
        List<Platform> out = new ArrayList<>();
        for (Descriptor d : manifests) {
            out.add(d.platform() != null ? d.platform() : read(d).platform());
        }
        return out;
    }

    @Override
    public Image image(Platform platform) throws OciException {
        Optional<ImageIndex> index = index();
        List<Descriptor> manifests = index.isPresent() ? index.get().manifests() : List.of(root());
        for (Descriptor d : manifests) {
            if (platform.equals(d.platform())) {
                return read(d);
            }
        }
        for (Descriptor d : manifests) {
            if (d.platform() == null && MediaTypes.isManifest(d.mediaType())) {
                Image image = read(d);
                if (image.platform().equals(platform)) {
                    return image;
                }
            }
        }
        throw new OciException(Kind.BAD_INPUT, "cannot read image from layout " + dir + ": no image for platform "
                + platform + " (has " + platforms() + ")");
    }

    @Override
    public InputStream blob(Descriptor descriptor) throws OciException {
        return LayoutFiles.openVerified(dir, descriptor, name);
    }

    private Image read(Descriptor manifestDescriptor) throws OciException {
        if (!MediaTypes.isManifest(manifestDescriptor.mediaType())) {
            throw new OciException(Kind.BAD_INPUT, "cannot read image from layout " + dir + ": "
                    + manifestDescriptor.digest() + " is a " + Escape.text(manifestDescriptor.mediaType())
                    + ", not a manifest");
        }
        byte[] rawManifest = LayoutFiles.readDocument(dir, manifestDescriptor, name);
        Manifest manifest = Manifest.parse(rawManifest);
        byte[] rawConfig = LayoutFiles.readDocument(dir, manifest.config(), name);
        ImageConfig config = ImageConfig.parse(rawConfig);
        if (config.diffIds().size() != manifest.layers().size()) {
            throw new OciException(Kind.BAD_INPUT, "cannot read image " + manifestDescriptor.digest() + " from layout "
                    + dir + ": " + manifest.layers().size() + " layers but " + config.diffIds().size() + " diff_ids");
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < manifest.layers().size(); i++) {
            Descriptor d = manifest.layers().get(i);
            layers.add(Layers.of(d, config.diffIds().get(i), () -> open(d)));
        }
        return Images.of(rawManifest, rawConfig, layers);
    }

    private InputStream open(Descriptor layer) throws IOException {
        try {
            return LayoutFiles.openVerified(dir, layer, name);
        } catch (OciException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
