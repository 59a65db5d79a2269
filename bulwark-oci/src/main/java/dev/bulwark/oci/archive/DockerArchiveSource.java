package dev.bulwark.oci.archive;

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
import dev.bulwark.oci.internal.HashingOutputStream;
import dev.bulwark.oci.ref.ImageSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads one image from a {@code docker save} tar. The archive holds no manifest, so one is presented: an OCI
 * manifest with the config as stored and each layer as stored (uncompressed layers keep their diff_id as
 * digest; gzip or zstd members are hashed once when the image is first read). The archive itself must be an
 * uncompressed tar. Not thread-safe: the archive is indexed lazily on first use.
 */
public final class DockerArchiveSource implements ImageSource {
    private final Path file;
    private final String name;
    private Image image;
    private ArchiveMembers members;

    /** {@code name} selects an entry by repo tag; null means the archive's only image. */
    public DockerArchiveSource(Path file, String name) {
        this.file = Objects.requireNonNull(file, "file");
        this.name = name;
    }

    @Override
    public Descriptor root() throws OciException {
        Image i = load();
        return Descriptor.of(i.manifest().mediaType(), i.rawManifest()).withPlatform(i.platform());
    }

    @Override
    public Optional<ImageIndex> index() {
        return Optional.empty();
    }

    @Override
    public List<Platform> platforms() throws OciException {
        return List.of(load().platform());
    }

    @Override
    public Image image(Platform platform) throws OciException {
        Image i = load();
        if (!i.platform().equals(platform)) {
            throw new OciException(Kind.BAD_INPUT, "cannot read image from docker archive " + file + ": it holds "
                    + i.platform() + ", not " + platform);
        }
        return i;
    }

    @Override
    public InputStream blob(Digest digest) throws OciException {
        Image i = load();
        if (digest.equals(i.digest())) {
            return new ByteArrayInputStream(i.rawManifest());
        }
        if (digest.equals(i.manifest().config().digest())) {
            return new ByteArrayInputStream(i.rawConfig());
        }
        for (Layer l : i.layers()) {
            if (l.descriptor().digest().equals(digest)) {
                try {
                    return l.open();
                } catch (IOException e) {
                    throw new OciException(Kind.ENVIRONMENT, "cannot read blob " + digest + ": " + e.getMessage(), e);
                }
            }
        }
        throw new OciException(Kind.BAD_INPUT, "cannot read blob " + digest + " from docker archive " + file
                + ": it has no such blob");
    }

    /** The manifest presented for a config and layers; the sink reports digests of the same manifest. */
    static Manifest presentedManifest(byte[] config, List<Descriptor> layers) {
        return Manifest.oci(Descriptor.of(MediaTypes.OCI_CONFIG, config), layers, Map.of());
    }

    private Image load() throws OciException {
        if (image != null) {
            return image;
        }
        members = ArchiveMembers.scan(file);
        DockerArchiveManifest entry = select(DockerArchiveManifest.parse(members.read("manifest.json")));
        byte[] config = members.read(entry.config());
        ImageConfig parsed = ImageConfig.parse(config);
        if (parsed.diffIds().size() != entry.layers().size()) {
            throw new OciException(Kind.BAD_INPUT, "cannot read docker archive " + file + ": manifest.json lists "
                    + entry.layers().size() + " layers but the config has " + parsed.diffIds().size() + " diff_ids");
        }
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < entry.layers().size(); i++) {
            layers.add(layer(entry.layers().get(i), parsed.diffIds().get(i)));
        }
        List<Descriptor> descriptors = layers.stream().map(Layer::descriptor).toList();
        image = Images.of(presentedManifest(config, descriptors).toJson(), config, layers);
        return image;
    }

    private Layer layer(String member, Digest diffId) throws OciException {
        ArchiveMembers m = members;
        String mediaType = mediaTypeOf(member);
        long size = m.size(member);
        Digest digest = diffId;
        if (!MediaTypes.OCI_LAYER.equals(mediaType)) {
            try (InputStream in = m.open(member)) {
                HashingOutputStream h = new HashingOutputStream(java.io.OutputStream.nullOutputStream());
                in.transferTo(h);
                digest = h.digest();
            } catch (IOException e) {
                throw new OciException(Kind.ENVIRONMENT, "cannot read layer " + member + " of " + file + ": "
                        + e.getMessage(), e);
            }
        }
        return Layers.of(new Descriptor(mediaType, digest, size), diffId, () -> openMember(m, member));
    }

    private String mediaTypeOf(String member) throws OciException {
        byte[] head;
        try (InputStream in = members.open(member)) {
            head = in.readNBytes(4);
        } catch (IOException e) {
            throw new OciException(Kind.ENVIRONMENT, "cannot read layer " + member + " of " + file + ": "
                    + e.getMessage(), e);
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
            return MediaTypes.OCI_LAYER_GZIP;
        }
        if (head.length == 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            return MediaTypes.OCI_LAYER_ZSTD;
        }
        return MediaTypes.OCI_LAYER;
    }

    private static InputStream openMember(ArchiveMembers m, String member) throws IOException {
        try {
            return m.open(member);
        } catch (OciException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private DockerArchiveManifest select(List<DockerArchiveManifest> entries) throws OciException {
        if (name == null) {
            if (entries.size() != 1) {
                throw new OciException(Kind.BAD_INPUT, "cannot read docker archive " + file + ": it holds "
                        + entries.size() + " images, name one with docker-archive:FILE:NAME:TAG");
            }
            return entries.get(0);
        }
        return entries.stream().filter(e -> e.repoTags().contains(name)).findFirst()
                .orElseThrow(() -> new OciException(Kind.BAD_INPUT, "cannot read docker archive " + file
                        + ": no image tagged " + name + " (tags: "
                        + entries.stream().flatMap(e -> e.repoTags().stream()).toList() + ")"));
    }
}
