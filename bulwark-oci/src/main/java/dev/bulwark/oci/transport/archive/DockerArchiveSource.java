package dev.bulwark.oci.transport.archive;

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
import dev.bulwark.oci.internal.Blobs;
import dev.bulwark.oci.internal.HashingOutputStream;
import dev.bulwark.oci.transport.ImageSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one image from a {@code docker save} tar. The archive holds no manifest, so one is presented: an OCI
 * manifest with the config as stored and each layer as stored (uncompressed layers keep their diff_id as
 * digest; gzip or zstd members are hashed once when the image is first read). The archive itself must be an
 * uncompressed tar. Not thread-safe: the archive is indexed lazily on first use.
 *
 * <p>What is checked, since {@code manifest.json} names members, not digests: {@code manifest.json} is the root of
 * trust. A member named by a digest ({@code <hex>.json}, {@code <hex>.tar}, {@code blobs/sha256/<hex>}) must
 * have that digest — the config when read, a layer as it streams. Every layer must match its config diff_id: an
 * uncompressed one as it streams, a compressed one when it is first hashed (its stored digest is then checked on
 * every read). Members named otherwise (the legacy {@code <id>/layer.tar}) are only as good as the config.
 */
public final class DockerArchiveSource implements ImageSource {
    private static final Pattern DIGEST_NAMED = Pattern.compile(
            "(?:\\./|/)*(?:blobs/sha256/([0-9a-f]{64})|([0-9a-f]{64})\\.(?:json|tar))");
    private final Path file;
    private final String name;
    private final String where;
    private Image image;
    private ArchiveMembers members;

    /** {@code name} selects an entry by repo tag; null means the archive's only image. */
    public DockerArchiveSource(Path file, String name) {
        this.file = Objects.requireNonNull(file, "file");
        this.name = name;
        this.where = "docker-archive:" + file + (name == null ? "" : ":" + name);
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
    public InputStream blob(Descriptor d) throws OciException {
        Image i = load();
        if (d.digest().equals(i.digest())) {
            return new ByteArrayInputStream(i.rawManifest());
        }
        if (d.digest().equals(i.manifest().config().digest())) {
            return new ByteArrayInputStream(i.rawConfig());
        }
        for (Layer l : i.layers()) {
            if (l.descriptor().digest().equals(d.digest())) {
                try {
                    return l.open();
                } catch (IOException e) {
                    throw new OciException(Kind.ENVIRONMENT, "cannot read blob " + d.digest() + " of " + where + ": "
                            + e.getMessage(), e);
                }
            }
        }
        throw new OciException(Kind.BAD_INPUT, "cannot read blob " + d.digest() + " of " + where
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
        Digest named = namedDigest(entry.config());
        if (named != null && !named.equals(Digest.of(config))) {
            throw new OciException(Kind.ENVIRONMENT, "cannot read blob " + named + " of " + where
                    + ": digest mismatch (got " + Digest.of(config) + ")");
        }
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
        Digest digest = MediaTypes.OCI_LAYER.equals(mediaType) ? diffId : hashCompressed(member, mediaType, diffId);
        Digest named = namedDigest(member);
        if (named != null && !named.equals(digest)) {
            throw new OciException(Kind.ENVIRONMENT, "cannot read blob " + named + " of " + where + ": digest mismatch"
                    + " (got " + digest + (digest.equals(diffId) ? ", its config diff_id" : "") + ")");
        }
        Descriptor descriptor = new Descriptor(mediaType, digest, size);
        return Layers.of(descriptor, diffId, () -> Blobs.stream(openMember(m, member), descriptor, where));
    }

    /** The digest of a compressed member's stored bytes, checking its uncompressed stream against the diff_id. */
    private Digest hashCompressed(String member, String mediaType, Digest diffId) throws OciException {
        HashingOutputStream stored = new HashingOutputStream(java.io.OutputStream.nullOutputStream());
        HashingOutputStream tar = new HashingOutputStream(java.io.OutputStream.nullOutputStream());
        Digest uncompressed;
        Digest compressed;
        try (InputStream in = new TeeInputStream(members.open(member), stored);
             InputStream raw = Layers.decompress(in, mediaType)) {
            raw.transferTo(tar);
            in.transferTo(java.io.OutputStream.nullOutputStream());
            uncompressed = tar.digest();
            compressed = stored.digest();
        } catch (IOException e) {
            throw new OciException(Kind.ENVIRONMENT, "cannot read layer " + member + " of " + where + ": "
                    + e.getMessage(), e);
        }
        if (!uncompressed.equals(diffId)) {
            throw new OciException(Kind.ENVIRONMENT, "cannot read blob " + diffId + " of " + where + ": digest mismatch"
                    + " (the uncompressed layer " + member + " has " + uncompressed + ")");
        }
        return compressed;
    }

    /** The digest a member's name claims ({@code <hex>.json}, {@code <hex>.tar}, {@code blobs/sha256/<hex>}), or null. */
    static Digest namedDigest(String member) {
        Matcher matcher = DIGEST_NAMED.matcher(member);
        if (!matcher.matches()) {
            return null;
        }
        return new Digest(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
    }

    /** Copies what is read through it to a sink, so the stored bytes are hashed while a decompressor reads them. */
    private static final class TeeInputStream extends java.io.FilterInputStream {
        private final java.io.OutputStream copy;

        TeeInputStream(InputStream in, java.io.OutputStream copy) {
            super(in);
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                copy.write(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(8192, Math.max(n, 1))];
            long done = 0;
            for (int r; done < n && (r = read(buf, 0, (int) Math.min(buf.length, n - done))) > 0; ) {
                done += r;
            }
            return done;
        }
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
