package dev.bulwark.oci.validate;

import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.image.ImageIndex;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.image.Layers;
import dev.bulwark.oci.image.Manifest;
import dev.bulwark.oci.layer.TarReader;
import dev.bulwark.oci.transport.ImageSource;

import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks every format rule of an image or of everything a source holds (after go-containerregistry's
 * {@code validate}): digests and sizes match content, diff_ids match the uncompressed layers (which must be
 * readable, safe tars), media types belong to one family, config rootfs matches the layers, index platforms
 * are unique and match each image's config. Reads every layer once. Every test that writes an image calls it.
 */
public final class Validation {

    private Validation() {
    }

    public static void validate(Image image) throws ValidationException {
        List<String> problems = problems(image);
        if (!problems.isEmpty()) {
            throw new ValidationException("image " + image.digest(), problems);
        }
    }

    public static void validate(ImageSource source) throws OciException {
        List<String> problems = new ArrayList<>();
        Descriptor root = source.root();
        byte[] rootBytes = read(source, root, problems);
        if (MediaTypes.isIndex(root.mediaType())) {
            ImageIndex index = ImageIndex.parse(rootBytes);
            if (!index.mediaType().equals(root.mediaType())) {
                problems.add("index media type " + index.mediaType() + " differs from its descriptor's " + root.mediaType());
            }
            Set<Platform> seen = new HashSet<>();
            for (Descriptor d : index.manifests()) {
                if (d.platform() == null) {
                    problems.add("index entry " + d.digest() + " has no platform");
                    continue;
                }
                if (!seen.add(d.platform())) {
                    problems.add("index lists platform " + d.platform() + " twice");
                    continue;
                }
                read(source, d, problems);
                Image image = source.image(d.platform());
                checkImage(image, d, problems);
            }
        } else {
            for (Platform p : source.platforms()) {
                checkImage(source.image(p), root, problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(root.mediaType() + " " + root.digest(), problems);
        }
    }

    private static void checkImage(Image image, Descriptor d, List<String> problems) {
        if (!image.digest().equals(d.digest())) {
            problems.add("image for " + d.platform() + " has digest " + image.digest() + ", its descriptor says " + d.digest());
        }
        if (d.platform() != null && !d.platform().equals(image.platform())) {
            problems.add("descriptor platform " + d.platform() + " differs from config platform " + image.platform());
        }
        if (!d.mediaType().equals(image.manifest().mediaType())) {
            problems.add("manifest media type " + image.manifest().mediaType() + " differs from its descriptor's "
                    + d.mediaType());
        }
        problems.addAll(problems(image).stream().map(p -> image.platform() + ": " + p).toList());
    }

    /** Every rule the image breaks, in the order checked; empty when it is valid. */
    public static List<String> problems(Image image) {
        List<String> problems = new ArrayList<>();
        Manifest manifest = image.manifest();
        byte[] rawConfig = image.rawConfig();
        try {
            if (!Manifest.parse(image.rawManifest()).equals(manifest)) {
                problems.add("parsed manifest differs from the raw manifest");
            }
            if (!ImageConfig.parse(rawConfig).equals(image.config())) {
                problems.add("parsed config differs from the raw config");
            }
        } catch (OciException e) {
            problems.add(e.getMessage());
            return problems;
        }
        Descriptor config = manifest.config();
        check(problems, config.digest().equals(Digest.of(rawConfig)), "config digest " + config.digest()
                + " does not match its content " + Digest.of(rawConfig));
        check(problems, config.size() == rawConfig.length, "config size " + config.size() + " is not " + rawConfig.length);
        boolean docker = MediaTypes.isDocker(manifest.mediaType());
        String configType = docker ? MediaTypes.DOCKER_CONFIG : MediaTypes.OCI_CONFIG;
        check(problems, config.mediaType().equals(configType), "config media type " + config.mediaType()
                + " does not fit manifest type " + manifest.mediaType());
        List<Digest> diffIds = image.config().diffIds();
        List<Layer> layers = image.layers();
        if (layers.size() != manifest.layers().size() || diffIds.size() != manifest.layers().size()) {
            problems.add("manifest lists " + manifest.layers().size() + " layers, image has " + layers.size()
                    + ", config rootfs has " + diffIds.size() + " diff_ids");
            return problems;
        }
        for (int i = 0; i < layers.size(); i++) {
            checkLayer(i, layers.get(i), manifest.layers().get(i), diffIds.get(i), docker, problems);
        }
        return problems;
    }

    private static void checkLayer(int i, Layer layer, Descriptor listed, Digest diffId, boolean docker,
                                   List<String> problems) {
        String name = "layer " + i + " (" + listed.digest() + ")";
        Descriptor d = layer.descriptor();
        check(problems, d.equals(listed), name + ": its descriptor differs from the manifest's");
        check(problems, layer.diffId().equals(diffId), name + ": diff_id " + layer.diffId()
                + " differs from the config's " + diffId);
        if (!MediaTypes.isLayer(d.mediaType())) {
            problems.add(name + ": media type " + d.mediaType() + " is not a layer type");
            return;
        }
        check(problems, MediaTypes.isDocker(d.mediaType()) == docker, name + ": media type " + d.mediaType()
                + " mixes OCI and Docker types");
        MessageDigest stored = Digest.sha256();
        MessageDigest tar = Digest.sha256();
        long storedSize = 0;
        try (CountingInput counted = new CountingInput(new DigestInputStream(layer.open(), stored));
             InputStream raw = new DigestInputStream(Layers.decompress(counted, d.mediaType()), tar)) {
            TarReader reader = new TarReader(raw);
            while (reader.next() != null) {
                reader.content().transferTo(java.io.OutputStream.nullOutputStream());
            }
            raw.transferTo(java.io.OutputStream.nullOutputStream());
            counted.transferTo(java.io.OutputStream.nullOutputStream());
            storedSize = counted.count;
        } catch (IOException | OciException e) {
            problems.add(name + ": cannot read it: " + e.getMessage());
            return;
        }
        Digest actual = Digest.fromHash(stored.digest());
        check(problems, actual.equals(d.digest()), name + ": content digest is " + actual);
        check(problems, storedSize == d.size(), name + ": content size is " + storedSize + ", descriptor says " + d.size());
        Digest actualDiffId = Digest.fromHash(tar.digest());
        check(problems, actualDiffId.equals(diffId), name + ": uncompressed digest is " + actualDiffId
                + ", config says " + diffId);
    }

    private static byte[] read(ImageSource source, Descriptor d, List<String> problems) throws OciException {
        try (InputStream in = source.blob(d)) {
            byte[] b = in.readNBytes(8 << 20);
            check(problems, Digest.of(b).equals(d.digest()), d.mediaType() + " " + d.digest()
                    + ": content digest is " + Digest.of(b));
            check(problems, b.length == d.size(), d.mediaType() + " " + d.digest() + ": size is " + b.length
                    + ", descriptor says " + d.size());
            return b;
        } catch (IOException e) {
            throw dev.bulwark.oci.internal.Blobs.failure("cannot read blob " + d.digest(), e);
        }
    }

    private static void check(List<String> problems, boolean ok, String problem) {
        if (!ok) {
            problems.add(problem);
        }
    }

    private static final class CountingInput extends java.io.FilterInputStream {
        private long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
