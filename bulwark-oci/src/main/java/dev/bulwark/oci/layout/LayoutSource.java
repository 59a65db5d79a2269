package dev.bulwark.oci.layout;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
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
import dev.bulwark.oci.ref.ImageSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads images from an OCI image layout ({@code oci:DIR[:TAG]}). Without a tag the layout must hold exactly
 * one entry. Blobs are read when asked for; checking them against their digests is {@code Validation}'s job.
 */
public final class LayoutSource implements ImageSource {
    private final Path dir;
    private final String tag;

    public LayoutSource(Path dir, String tag) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.tag = tag;
    }

    @Override
    public Descriptor root() throws OciException {
        ImageIndex index = LayoutFiles.readIndex(dir);
        if (index == null) {
            throw new OciException(Kind.BAD_INPUT, "cannot read layout " + dir + ": it has no index.json");
        }
        List<String> tags = index.manifests().stream().map(d -> String.valueOf(d.refName())).toList();
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
                        + tag + "' (tags: " + tags + ")"));
    }

    @Override
    public Optional<ImageIndex> index() throws OciException {
        Descriptor root = root();
        if (!MediaTypes.isIndex(root.mediaType())) {
            return Optional.empty();
        }
        return Optional.of(ImageIndex.parse(LayoutFiles.readBlob(dir, root.digest())));
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
    public InputStream blob(Digest digest) throws OciException {
        Path file = LayoutFiles.blob(dir, digest);
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new OciException(Kind.BAD_INPUT, "cannot read blob " + digest + " from layout " + dir
                    + ": it is missing", e);
        } catch (IOException e) {
            throw new OciException(Kind.ENVIRONMENT, "cannot read blob " + digest + " from layout " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    private Image read(Descriptor manifestDescriptor) throws OciException {
        if (!MediaTypes.isManifest(manifestDescriptor.mediaType())) {
            throw new OciException(Kind.BAD_INPUT, "cannot read image from layout " + dir + ": "
                    + manifestDescriptor.digest() + " is a " + manifestDescriptor.mediaType() + ", not a manifest");
        }
        byte[] rawManifest = LayoutFiles.readBlob(dir, manifestDescriptor.digest());
        Manifest manifest = Manifest.parse(rawManifest);
        byte[] rawConfig = LayoutFiles.readBlob(dir, manifest.config().digest());
        ImageConfig config = ImageConfig.parse(rawConfig);
        if (config.diffIds().size() != manifest.layers().size()) {
            throw new OciException(Kind.BAD_INPUT, "cannot read image " + manifestDescriptor.digest() + " from layout "
                    + dir + ": " + manifest.layers().size() + " layers but " + config.diffIds().size() + " diff_ids");
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < manifest.layers().size(); i++) {
            Descriptor d = manifest.layers().get(i);
            Path file = LayoutFiles.blob(dir, d.digest());
            layers.add(Layers.of(d, config.diffIds().get(i), () -> Files.newInputStream(file)));
        }
        return Images.of(rawManifest, rawConfig, layers);
    }
}
