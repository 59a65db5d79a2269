package dev.bulwark.oci.transport.layout;

import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.TempFiles;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageIndex;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.internal.AtomicFiles;
import dev.bulwark.oci.transport.ImageSink;
import dev.bulwark.oci.transport.ImageWrite;
import dev.bulwark.oci.transport.StagedWrite;
import dev.bulwark.oci.transport.WriteResult;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes images into an OCI image layout ({@code oci:DIR[:TAG]}). Blobs are content-addressed and written
 * once (an existing blob of the right size is kept); every file goes to a temp file and is renamed into
 * place, index.json last, so a reader sees the old or the new state; a failed write into a new layout removes
 * what it created. {@link #stage} holds index.json back until evidence is attached. Writing a tag replaces that tag's entry in index.json, keeps the others, and drops the tag-scheme
 * referrers ({@code sha256-<hex>.sig}, …) of the image it replaced when no other entry still reaches it. A
 * multi-platform write to {@code TAG} also tags each platform's manifest (see {@link #platformTag}).
 * Concurrent writers to one layout are not coordinated.
 */
public final class LayoutSink implements ImageSink {
    private final Path dir;
    private final String tag;

    /** {@code tag} may be null: the image is then added to index.json without a name. */
    public LayoutSink(Path dir, String tag) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.tag = tag;
    }

    @Override
    public WriteResult write(ImageWrite write) throws OciException {
        StagedWrite staged = stage(write);
        try {
            staged.tag();
        } finally {
            staged.abandon(); // a no-op once tagged; else a new layout without its index.json goes again
        }
        return staged.written();
    }

    /**
     * Writes every blob (layers, configs, manifests, the index) and leaves index.json to {@link StagedWrite#tag()}, so
     * a reader of the tag sees the old image or the new one with whatever was attached to it in between.
     * {@link StagedWrite#abandon()} removes a layout this write created (with whatever else was written into it since).
     */
    @Override
    public StagedWrite stage(ImageWrite write) throws OciException {
        Path created = firstMissing(dir);
        boolean fresh = created != null || isEmptyDir(dir);
        boolean done = false;
        try {
            ensureLayout();
            Map<Platform, Digest> manifests = new LinkedHashMap<>();
            List<Descriptor> descriptors = new ArrayList<>();
            for (Image image : write.images()) {
                Descriptor d = writeImage(image);
                manifests.put(image.platform(), d.digest());
                descriptors.add(d);
            }
            Descriptor root;
            Digest indexDigest = null;
            if (descriptors.size() == 1) {
                root = descriptors.get(0);
            } else {
                descriptors.sort(Comparator.comparing(Descriptor::platform));
                byte[] index = ImageIndex.oci(descriptors, write.indexAnnotations()).toJson();
                root = Descriptor.of(MediaTypes.OCI_INDEX, index);
                writeBlob(root.digest(), index);
                indexDigest = root.digest();
            }
            List<Descriptor> platforms = descriptors.size() > 1 ? descriptors : List.of();
            StagedWrite staged = new StagedWrite(new WriteResult(manifests, indexDigest, root), () -> tag(root, platforms),
                    () -> {
                        if (fresh) {
                            removeCreated(created);
                        }
                    });
            done = true;
            return staged;
        } catch (IOException e) {
            throw new OciException(Kind.ENVIRONMENT, "cannot write image to layout " + dir + ": " + e.getMessage(), e);
        } finally {
            if (!done && fresh) {
                removeCreated(created);
            }
        }
    }

    private void tag(Descriptor root, List<Descriptor> platforms) throws OciException {
        try {
            updateIndex(root, platforms);
        } catch (IOException e) {
            throw new OciException(Kind.ENVIRONMENT, "cannot write image to layout " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The tag of one platform's manifest beside a multi-platform {@code tag}: {@code latest-amd64},
     * {@code latest-arm64}, {@code latest-arm-v7}. The variant is added when present, except arm64's {@code v8}, the
     * default arm64 variant (containerd normalizes it away too). Single-platform tools (umoci) refuse a tag that names an
     * index; these name one image. Null when the result would not be a valid tag.
     */
    public static String platformTag(String tag, Platform p) {
        boolean defaultVariant = p.variant() == null || "arm64".equals(p.architecture()) && "v8".equals(p.variant());
        String t = tag + "-" + p.architecture() + (defaultVariant ? "" : "-" + p.variant());
        return t.length() <= 128 && t.matches("[A-Za-z0-9_][A-Za-z0-9._-]*") ? t : null;
    }

    /** The outermost directory this write will create, or null when {@code dir} exists. */
    static Path firstMissing(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        Path missing = null;
        for (Path p = abs; p != null && !Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    static boolean isEmptyDir(Path dir) {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    /** After a failed write into a new layout: removes what it created, so no half layout (blobs, no index.json) stays. */
    private void removeCreated(Path created) {
        if (created != null) {
            TempFiles.deleteTree(created);
            return;
        }
        try (var s = Files.list(dir)) {
            s.forEach(TempFiles::deleteTree);
        } catch (IOException e) {
            // nothing more we can do; the error that made the write fail is reported
        }
    }

    private Descriptor writeImage(Image image) throws IOException, OciException {
        writeLayers(image.layers());
        byte[] config = image.rawConfig();
        writeBlob(Digest.of(config), config);
        byte[] manifest = image.rawManifest();
        Descriptor d = Descriptor.of(image.manifest().mediaType(), manifest).withPlatform(image.platform());
        writeBlob(d.digest(), manifest);
        return d;
    }

    /**
     * Writes the layers the layout lacks: each is copied next to its blob path, the copies are hashed in one batch
     * ({@link dev.bulwark.core.Sha256#hex(List)}: one openssl run for them all rather than one per layer), and each is
     * renamed into place only once its digest and size are the descriptor's; on any mismatch none is.
     */
    private void writeLayers(List<Layer> layers) throws IOException {
        Map<Digest, Layer> missing = new LinkedHashMap<>();
        for (Layer layer : layers) {
            Descriptor d = layer.descriptor();
            Path target = LayoutFiles.blob(dir, d.digest());
            if (missing.containsKey(d.digest())
                    || layer instanceof dev.bulwark.oci.layer.FileLayer file && LayoutFiles.sameBytes(target, file.file(), d.size())
                    || LayoutFiles.intact(dir, d.digest(), d.size())) {
                continue; // a FileLayer's bytes were proven against its digest where it was made: a compare suffices
            }
            missing.put(d.digest(), layer);
        }
        List<Path> copies = new ArrayList<>();
        try {
            byte[] buffer = new byte[1 << 16];
            for (Layer layer : missing.values()) {
                Path target = LayoutFiles.blob(dir, layer.descriptor().digest()).toAbsolutePath();
                Path copy = TempFiles.createFile(target.getParent(), target.getFileName().toString());
                copies.add(copy);
                try (InputStream in = layer.open(); java.io.OutputStream out = Files.newOutputStream(copy)) {
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        out.write(buffer, 0, n);
                    }
                }
            }
            List<String> digests = dev.bulwark.core.Sha256.hex(copies);
            int i = 0;
            for (Layer layer : missing.values()) {
                Descriptor d = layer.descriptor();
                long size = Files.size(copies.get(i));
                if (!digests.get(i).equals(d.digest().hex()) || size != d.size()) {
                    throw new IOException("layer content has digest sha256:" + digests.get(i) + " and size " + size
                            + " but its descriptor says " + d.digest() + " and " + d.size());
                }
                i++;
            }
            i = 0;
            for (Layer layer : missing.values()) {
                AtomicFiles.move(copies.get(i++), LayoutFiles.blob(dir, layer.descriptor().digest()));
            }
        } catch (IOException | RuntimeException | Error e) {
            for (Path copy : copies) {
                try {
                    Files.deleteIfExists(copy);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
    }

    private void writeBlob(Digest digest, byte[] content) throws IOException {
        Path target = LayoutFiles.blob(dir, digest);
        if (LayoutFiles.intact(dir, digest, content.length)) {
            return;
        }
        AtomicFiles.write(target, content);
    }

    private void ensureLayout() throws IOException, OciException {
        Path layoutFile = dir.resolve(LayoutFiles.LAYOUT_FILE);
        if (Files.exists(layoutFile)) {
            String text = new String(Files.readAllBytes(layoutFile), java.nio.charset.StandardCharsets.UTF_8);
            if (!text.contains("\"imageLayoutVersion\"")) {
                throw new OciException(Kind.BAD_INPUT, "cannot write image to layout " + dir
                        + ": its oci-layout file has no imageLayoutVersion");
            }
        } else {
            if (Files.isDirectory(dir)) {
                try (var s = Files.list(dir)) {
                    if (s.anyMatch(p -> true)) {
                        throw new OciException(Kind.BAD_INPUT, "cannot write image to layout " + dir
                                + ": the directory is not empty and is not an OCI layout");
                    }
                }
            }
            AtomicFiles.write(layoutFile, LayoutFiles.LAYOUT_JSON);
        }
        Files.createDirectories(dir.resolve("blobs").resolve("sha256"));
    }

    private void updateIndex(Descriptor root, List<Descriptor> platforms) throws IOException, OciException {
        ImageIndex old = LayoutFiles.readIndex(dir);
        LayoutGraph graph = new LayoutGraph(dir);
        List<Descriptor> entries = old == null ? List.of() : old.manifests();
        entries = graph.replace(entries, tag == null ? root : root.withAnnotations(Map.of(Descriptor.REF_NAME, tag)), tag);
        if (tag != null) {
            for (Descriptor p : platforms) {
                String t = platformTag(tag, p.platform());
                if (t != null) {
                    entries = graph.replace(entries, p.withAnnotations(Map.of(Descriptor.REF_NAME, t)), t);
                }
            }
        }
        Map<String, String> annotations = old == null ? Map.of() : old.annotations();
        AtomicFiles.write(dir.resolve(LayoutFiles.INDEX_FILE), ImageIndex.oci(entries, annotations).toJson());
    }
}
