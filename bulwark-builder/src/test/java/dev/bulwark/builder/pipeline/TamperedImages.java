package dev.bulwark.builder.pipeline;

import dev.bulwark.attest.intoto.Statement;
import dev.bulwark.attest.intoto.Subject;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.image.Images;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.image.Layers;
import dev.bulwark.oci.image.Manifest;
import dev.bulwark.oci.transport.layout.LayoutSink;
import dev.bulwark.oci.transport.layout.LayoutSource;
import dev.bulwark.oci.transport.layout.LayoutStore;
import dev.bulwark.oci.transport.ImageWrite;
import dev.bulwark.oci.transport.Referrers;
import dev.bulwark.oci.transport.Store;
import dev.bulwark.oci.transport.WriteResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Images that are consistent (every digest checks) but not what their provenance's inputs build: one file's mode
 * rewritten by hand in the amd64 image, with a new layer, config, manifest and index, and the original provenance
 * predicate re-attached about the new digests — what a builder that lies, or a non-reproducible build, produces.
 */
final class TamperedImages {
    static final String IN_TOTO = "application/vnd.in-toto+json";

    private TamperedImages() {
    }

    /** Copies the layout at {@code from} to {@code to} with {@code path}'s mode set to {@code mode} in the amd64 image. */
    static WriteResult changeMode(Path from, Path to, String path, int mode) throws Exception {
        LayoutSource source = new LayoutSource(from, "latest");
        Statement provenance = provenance(from);
        List<Image> images = new ArrayList<>();
        for (var platform : source.platforms()) {
            Image image = source.image(platform);
            images.add(platform.architecture().equals("amd64") ? withMode(image, path, mode) : image);
        }
        WriteResult written = new LayoutSink(to, "latest").write(new ImageWrite(images,
                source.index().orElseThrow().annotations()));
        List<Subject> subjects = new ArrayList<>();
        subjects.add(new Subject("tool", written.root().digest()));
        written.manifests().forEach((p, d) -> subjects.add(new Subject("tool@" + p, d)));
        attachProvenance(new LayoutStore(to), written.root(), new Statement(subjects, provenance.predicateType(),
                provenance.predicate()));
        return written;
    }

    /** The provenance statement attached to the layout's root as an in-toto referrer. */
    static Statement provenance(Path layout) throws Exception {
        LayoutStore store = new LayoutStore(layout);
        Descriptor root = new LayoutSource(layout, "latest").root();
        Descriptor artifact = Referrers.list(store, root.digest(), IN_TOTO).get(0);
        Descriptor layer = Manifest.parse(store.manifest(artifact)).layers().get(0);
        try (InputStream in = store.blob(layer)) {
            return Statement.parse(in.readAllBytes());
        }
    }

    static void attachProvenance(Store store, Descriptor root, Statement statement) throws Exception {
        Referrers.attach(store, root, IN_TOTO, List.of(Referrers.Blob.of(IN_TOTO, statement.toJson())), Map.of());
    }

    private static Image withMode(Image image, String path, int mode) throws Exception {
        List<Layer> layers = new ArrayList<>();
        List<Digest> diffIds = new ArrayList<>();
        for (Layer layer : image.layers()) {
            byte[] tar;
            try (InputStream in = Layers.openUncompressed(layer)) {
                tar = in.readAllBytes();
            }
            if (!patchMode(tar, path.substring(1), mode)) {
                layers.add(layer);
                diffIds.add(layer.diffId());
                continue;
            }
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
                out.write(tar);
            }
            byte[] bytes = gz.toByteArray();
            Descriptor d = new Descriptor(layer.descriptor().mediaType(), Digest.of(bytes), bytes.length);
            layers.add(Layers.of(d, Digest.of(tar), () -> new ByteArrayInputStream(bytes)));
            diffIds.add(Digest.of(tar));
        }
        ImageConfig config = image.config().withDiffIds(diffIds);
        return Images.assemble(config, layers, image.manifest().annotations());
    }

    /** Rewrites the mode field of the ustar header named {@code name} and its checksum; false when absent. */
    private static boolean patchMode(byte[] tar, String name, int mode) {
        for (int pos = 0; pos + 512 <= tar.length; ) {
            String entry = field(tar, pos, 100);
            String prefix = field(tar, pos + 345, 155);
            String full = (prefix.isEmpty() ? entry : prefix + "/" + entry).replaceFirst("^\\./", "");
            if (entry.isEmpty()) {
                return false;
            }
            long size = Long.parseLong(field(tar, pos + 124, 12).trim().isEmpty() ? "0" : field(tar, pos + 124, 12).trim(), 8);
            if (full.equals(name)) {
                byte[] m = String.format("%07o\0", mode).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(m, 0, tar, pos + 100, 8);
                java.util.Arrays.fill(tar, pos + 148, pos + 156, (byte) ' ');
                long sum = 0;
                for (int i = 0; i < 512; i++) {
                    sum += tar[pos + i] & 0xff;
                }
                byte[] c = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(c, 0, tar, pos + 148, 8);
                return true;
            }
            pos += 512 + (int) ((size + 511) / 512 * 512);
        }
        return false;
    }

    private static String field(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.US_ASCII);
    }
}
