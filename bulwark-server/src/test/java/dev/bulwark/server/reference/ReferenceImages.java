package dev.bulwark.server.reference;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.image.Images;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.layer.LayerWriter;
import dev.bulwark.oci.layer.TarEntry;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.ImageWrite;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.oci.transport.layout.LayoutSink;
import dev.bulwark.scan.advisory.TrackerJsonSource;
import dev.bulwark.server.ServerException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Small images outside any catalog, written by test code into oci: layouts: a Debian-like one whose uncompressed
 * layer holds a classic {@code /var/lib/dpkg/status} and a trixie os-release, or one with no package database;
 * and the tracker JSON advisories they are scanned with.
 */
public final class ReferenceImages {
    /** glibc (libc6) has a high CVE fixed in 2.41-13; openssl (libssl3t64) a critical open one; bash a low one. */
    public static final String ADVISORIES = """
            {"glibc": {"CVE-2026-0100": {"releases": {"trixie": {"status": "resolved", "fixed_version": "2.41-13",
              "urgency": "high", "repositories": {"trixie": "2.41-12"}}}}},
             "openssl": {"CVE-2026-0002": {"releases": {"trixie": {"status": "open", "urgency": "unimportant",
              "repositories": {"trixie": "3.5.1-1"}}}}},
             "bash": {"CVE-2026-0200": {"releases": {"trixie": {"status": "open", "urgency": "low",
              "repositories": {"trixie": "5.2.37-1"}}}}}}
            """;
    /** The packages of {@link #plain}: the catalog's python3 fleet lacks bash and has a newer python3. */
    public static final String PACKAGES = "libc6 2.41-12 glibc, python3 3.13.5-1 python3-defaults, "
            + "libssl3t64 3.5.1-1 openssl, bash 5.2.37-1 bash";

    private ReferenceImages() {
    }

    /** A Debian trixie image (amd64) with {@code packages} ("NAME VERSION SOURCE, …") in {@code dir}, tag v1. */
    public static Image debian(Path dir, String packages) throws Exception {
        StringBuilder status = new StringBuilder();
        for (String p : packages.split(",\\s*")) {
            String[] f = p.split(" ");
            status.append("Package: ").append(f[0]).append("\nStatus: install ok installed\nVersion: ").append(f[1])
                    .append("\nArchitecture: amd64\nSource: ").append(f[2]).append("\n\n");
        }
        return write(dir, List.of(
                TarEntry.dir("/etc", 0755, 0, 0), TarEntry.dir("/var", 0755, 0, 0), TarEntry.dir("/var/lib", 0755, 0, 0),
                TarEntry.dir("/var/lib/dpkg", 0755, 0, 0),
                text("/etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\nID=debian\nVERSION_ID=\"13\"\n"
                        + "VERSION_CODENAME=trixie\n"),
                text("/var/lib/dpkg/status", status.toString())));
    }

    /** An image with a file and no package database at all. */
    public static Image notDebian(Path dir) throws Exception {
        return write(dir, List.of(TarEntry.dir("/app", 0755, 0, 0), text("/app/hello", "hello\n")));
    }

    private static Image write(Path dir, List<TarEntry> entries) throws Exception {
        Path work = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-work"));
        Layer layer = new LayerWriter(work, 1_700_000_000L, Compression.NONE).write(new ArrayList<>(entries));
        Platform p = Platform.fromDebianArch("amd64");
        ImageConfig config = new ImageConfig(p.architecture(), p.os(), p.variant(), Instant.ofEpochSecond(1_700_000_000L),
                null, List.of("PATH=/usr/bin"), List.of("/bin/true"), null, null, Map.of(), List.of(), List.of());
        Image image = Images.assemble(config, List.of(layer), Map.of());
        new LayoutSink(dir, "v1").write(ImageWrite.of(image));
        return image;
    }

    private static TarEntry text(String path, String content) {
        return TarEntry.file(path, 0644, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Rewrites the layout's manifest so that its layers declare {@code sizes} (the blobs stay as they are, so reading
     * one would fail its size check; the config lists as many diff_ids), and points the index at the rewritten manifest.
     */
    public static void declareLayerSizes(Path layout, long... sizes) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode index = (ObjectNode) json.readTree(layout.resolve("index.json").toFile());
        ObjectNode entry = (ObjectNode) index.path("manifests").path(0);
        Path old = layout.resolve("blobs/sha256/" + entry.path("digest").asText().substring("sha256:".length()));
        ObjectNode manifest = (ObjectNode) json.readTree(old.toFile());
        ObjectNode configEntry = (ObjectNode) manifest.path("config");
        ObjectNode config = (ObjectNode) json.readTree(layout.resolve("blobs/sha256/"
                + configEntry.path("digest").asText().substring("sha256:".length())).toFile());
        ArrayNode diffIds = (ArrayNode) config.path("rootfs").path("diff_ids");
        while (diffIds.size() < sizes.length) {
            diffIds.add(diffIds.get(0).asText());
        }
        byte[] configBytes = json.writeValueAsBytes(config);
        Files.write(layout.resolve("blobs/sha256/" + Digest.of(configBytes).hex()), configBytes);
        configEntry.put("digest", Digest.of(configBytes).toString()).put("size", configBytes.length);
        ArrayNode layers = manifest.putArray("layers");
        for (long size : sizes) {
            layers.addObject().put("mediaType", "application/vnd.oci.image.layer.v1.tar")
                    .put("digest", "sha256:" + "ab".repeat(32)).put("size", size);
        }
        byte[] bytes = json.writeValueAsBytes(manifest);
        Digest digest = Digest.of(bytes);
        Files.write(layout.resolve("blobs/sha256/" + digest.hex()), bytes);
        entry.put("digest", digest.toString()).put("size", bytes.length);
        Files.write(layout.resolve("index.json"), json.writeValueAsBytes(index));
    }

    /** The tracker JSON file of {@link #ADVISORIES}, in {@code dir}. */
    public static Path advisories(Path dir) throws Exception {
        return Files.writeString(Files.createDirectories(dir).resolve("tracker.json"), ADVISORIES);
    }

    /** A reader over local layouts, scanning with the tracker file, caching scan inputs under {@code cache}. */
    public static ReferenceReader reader(Path cache, Path tracker, Clock clock) {
        return new ReferenceReader(RegistryOptions.defaults(), cache, arch -> List.of(new TrackerJsonSource(tracker)),
                clock);
    }

    public static AllowedReference allowed(String name, Path layout) throws ServerException {
        return AllowedReference.parse(name + "=" + new ImageReference.OciLayout(layout, "v1"));
    }
}
