package dev.bulwark.oci.transport.archive;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.image.Layers;
import dev.bulwark.oci.image.Manifest;
import dev.bulwark.oci.internal.AtomicFiles;
import dev.bulwark.oci.layer.ContentSource;
import dev.bulwark.oci.layer.TarEntry;
import dev.bulwark.oci.layer.TarWriter;
import dev.bulwark.oci.transport.ImageSink;
import dev.bulwark.oci.transport.ImageWrite;
import dev.bulwark.oci.transport.WriteResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes one image as a {@code docker save} tar ({@code docker-archive:FILE[:NAME:TAG]}): the config as
 * {@code <hex>.json}, each layer uncompressed as {@code <diff_id hex>.tar}, then {@code manifest.json}.
 * {@code docker load} and skopeo read it. A docker archive holds no manifest, so the digests reported are of
 * the OCI manifest {@link DockerArchiveSource} presents for it (uncompressed layers). The file is written
 * next to its target and renamed into place; compressed layers are decompressed through a temp file.
 */
public final class DockerArchiveSink implements ImageSink {
    private final Path file;
    private final String name;

    /** {@code name} is a repo tag such as {@code app:1.0}, or null for an untagged image. */
    public DockerArchiveSink(Path file, String name) {
        this.file = Objects.requireNonNull(file, "file");
        this.name = name;
    }

    @Override
    public WriteResult write(ImageWrite write) throws OciException {
        if (write.images().size() != 1) {
            throw new OciException(Kind.BAD_INPUT, "cannot write docker archive " + file + ": it holds one platform,"
                    + " got " + write.images().size() + "; write an OCI layout for several");
        }
        Image image = write.images().get(0);
        long mtime = image.config().created() == null ? 0 : Math.max(0, image.config().created().getEpochSecond());
        List<Path> temps = new ArrayList<>();
        try {
            List<TarEntry> layerEntries = new ArrayList<>();
            List<Descriptor> uncompressed = new ArrayList<>();
            Set<String> written = new HashSet<>();
            for (Layer layer : image.layers()) {
                TarEntry entry = uncompressedEntry(layer, temps);
                uncompressed.add(new Descriptor(MediaTypes.OCI_LAYER, layer.diffId(), entry.size()));
                if (written.add(entry.path())) {
                    layerEntries.add(entry);
                }
            }
            byte[] config = image.rawConfig();
            String configName = Digest.of(config).hex() + ".json";
            byte[] manifestJson = DockerArchiveManifest.toJson(List.of(new DockerArchiveManifest(configName,
                    name == null ? List.of() : List.of(name),
                    uncompressed.stream().map(d -> d.digest().hex() + ".tar").toList())));
            AtomicFiles.write(file, out -> writeTar(out, mtime, config, configName, layerEntries, manifestJson));
            Manifest presented = DockerArchiveSource.presentedManifest(config, uncompressed);
            Descriptor root = Descriptor.of(presented.mediaType(), presented.toJson()).withPlatform(image.platform());
            return new WriteResult(Map.of(image.platform(), root.digest()), null, root);
        } catch (IOException e) {
            throw new OciException(Kind.ENVIRONMENT, "cannot write docker archive " + file + ": " + e.getMessage(), e);
        } finally {
            temps.forEach(DockerArchiveSink::deleteQuietly);
        }
    }

    private static void writeTar(OutputStream out, long mtime, byte[] config, String configName,
                                 List<TarEntry> layers, byte[] manifestJson) throws IOException {
        TarWriter tar = new TarWriter(out, mtime);
        tar.write(TarEntry.file("/" + configName, 0644, config));
        for (TarEntry e : layers) {
            tar.write(e);
        }
        tar.write(TarEntry.file("/manifest.json", 0644, manifestJson));
        tar.finish();
    }

    private TarEntry uncompressedEntry(Layer layer, List<Path> temps) throws IOException, OciException {
        // A docker archive names each layer by its diff_id, and readers trust that name: the bytes must match it.
        String member = "/" + layer.diffId().hex() + ".tar";
        Descriptor d = layer.descriptor();
        if ("none".equals(MediaTypes.compressionOf(d.mediaType()))) {
            if (!d.digest().equals(layer.diffId())) {
                throw inconsistent(layer, d.digest());
            }
            return TarEntry.file(member, 0644, 0, 0, d.size(), layer::open);   // the read checks it against d
        }
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = dev.bulwark.core.TempFiles.createFile(parent, "layer");
        temps.add(tmp);
        try (InputStream in = Layers.openUncompressed(layer); OutputStream out = Files.newOutputStream(tmp)) {
            in.transferTo(out);
        }
        Digest tar = Digest.parse("sha256:" + dev.bulwark.core.Sha256.hex(List.of(tmp)).get(0));
        if (!tar.equals(layer.diffId())) {
            throw inconsistent(layer, tar);
        }
        return TarEntry.file(member, 0644, 0, 0, Files.size(tmp), ContentSource.ofFile(tmp));
    }

    private OciException inconsistent(Layer layer, Digest tar) {
        return new OciException(Kind.BAD_INPUT, "cannot write docker archive " + file + ": layer "
                + layer.descriptor().digest() + " holds the tar " + tar + ", not the diff_id " + layer.diffId()
                + " its image config names; the source image is inconsistent, so nothing was written");
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a leftover temp file is harmless; the write's own outcome matters more
        }
    }
}
