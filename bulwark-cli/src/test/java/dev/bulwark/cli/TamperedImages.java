package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.attest.keys.Keys;
import dev.bulwark.attest.keys.Pem;
import dev.bulwark.attest.keys.SigningKey;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.image.ImageIndex;
import dev.bulwark.oci.image.Images;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.layer.LayerWriter;
import dev.bulwark.oci.layer.TarEntry;
import dev.bulwark.oci.transport.layout.LayoutSink;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.ImageWrite;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.oci.transport.Transports;
import dev.bulwark.testkit.Tamper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One small genuine image, built once: a two-platform index (amd64, arm64) whose amd64 image has an uncompressed
 * base layer (dpkg database: libfoo1 1.0-1, bookworm os-release) and a gzip app layer, signed and attested in an
 * oci: layout, and the same image as an oci-archive and (amd64 only) a docker-archive. {@link #prepare} copies it
 * and changes one thing the way someone with write access to the store would.
 */
final class TamperedImages {
    static final String ADVISORIES = """
            {"libfoo": {"CVE-2099-0005": {"releases": {"bookworm": {"status": "resolved", "fixed_version": "1.0-1+deb12u2",
              "urgency": "high", "repositories": {"bookworm": "1.0-1"}}}}}}
            """;
    /** In the amd64 base layer: an edit keeps the tar valid and makes libfoo1 look fixed. */
    static final String GENUINE_VERSION = "1.0-1\nArchitecture: amd64";
    static final String TAMPERED_VERSION = "9.0-1\nArchitecture: amd64";

    /** What is changed in place. */
    enum Change { LAYER, LAYER_GZIP, CONFIG, MANIFEST, INDEX, SIZE_BIGGER, SIZE_SMALLER }

    final Path dir;
    final Path layout;
    final Path ociArchive;
    final Path dockerArchive;
    final Path advisories;
    final Path publicKey;
    final Path privateKey;
    final Image amd64;
    final Descriptor root;
    final byte[] unsignedIndexJson;

    private TamperedImages(Path dir, Path layout, Path ociArchive, Path dockerArchive, Path advisories, Path publicKey,
                           Path privateKey, Image amd64, Descriptor root, byte[] unsignedIndexJson) {
        this.privateKey = privateKey;
        this.dir = dir;
        this.layout = layout;
        this.ociArchive = ociArchive;
        this.dockerArchive = dockerArchive;
        this.advisories = advisories;
        this.publicKey = publicKey;
        this.amd64 = amd64;
        this.root = root;
        this.unsignedIndexJson = unsignedIndexJson;
    }

    static TamperedImages build(Path dir) throws Exception {
        List<Image> images = new ArrayList<>();
        for (String arch : List.of("amd64", "arm64")) {
            images.add(image(dir.resolve("work-" + arch), Platform.fromDebianArch(arch), arch));
        }
        Path layout = dir.resolve("pristine");
        new LayoutSink(layout, "v1").write(new ImageWrite(images, Map.of("org.example.tamper", "index-all")));
        byte[] unsigned = Files.readAllBytes(layout.resolve("index.json"));
        Descriptor root = ImageIndex.parse(unsigned).manifests().get(0);
        Path ociArchive = dir.resolve("pristine-oci.tar");
        Transports.openSink(ImageReference.parse("oci-archive:" + ociArchive + ":v1"), RegistryOptions.defaults())
                .write(new ImageWrite(images, Map.of("org.example.tamper", "index-all")));
        Path dockerArchive = dir.resolve("pristine-docker.tar");
        Transports.openSink(ImageReference.parse("docker-archive:" + dockerArchive + ":app:1"), RegistryOptions.defaults())
                .write(ImageWrite.of(images.get(0)));
        Path advisories = Files.writeString(dir.resolve("tracker.json"), ADVISORIES);
        SigningKey key = Keys.generate(new SecureRandom());
        Path privateKey = Files.writeString(dir.resolve("k.key"), new Pem("PRIVATE KEY", key.privateKey().getEncoded()).encode());
        Path publicKey = Files.writeString(dir.resolve("k.pub"), Keys.encodePublic(key.publicKey()));
        String ref = "oci:" + layout + ":v1";
        ok(CliRun.of("sign", ref, "--key", privateKey.toString()));
        Path sbom = dir.resolve("sbom.json");
        ok(CliRun.of("sbom", ref, "--platform", "linux/amd64", "--format", "cyclonedx-json", "-o", sbom.toString()));
        ok(CliRun.of("attest", ref, "--key", privateKey.toString(), "--type", "cyclonedx", "--predicate", sbom.toString()));
        return new TamperedImages(dir, layout, ociArchive, dockerArchive, advisories, publicKey, privateKey, images.get(0), root,
                unsigned);
    }

    private static void ok(CliRun r) {
        assertThat(r.exitCode()).as(r.err()).isZero();
    }

    private static Image image(Path work, Platform p, String arch) throws Exception {
        Files.createDirectories(work);
        Layer base = new LayerWriter(work, 1_700_000_000L, Compression.NONE).write(List.of(
                TarEntry.dir("/etc", 0755, 0, 0), TarEntry.dir("/var", 0755, 0, 0), TarEntry.dir("/var/lib", 0755, 0, 0),
                TarEntry.dir("/var/lib/dpkg", 0755, 0, 0), TarEntry.dir("/var/lib/dpkg/status.d", 0755, 0, 0),
                text("/etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n"
                        + "VERSION_CODENAME=bookworm\n"),
                text("/var/lib/dpkg/status.d/libfoo1", "Package: libfoo1\nVersion: 1.0-1\nArchitecture: " + arch
                        + "\nSource: libfoo\n")));
        Layer app = new LayerWriter(work, 1_700_000_000L, Compression.GZIP).write(List.of(
                TarEntry.dir("/app", 0755, 0, 0), text("/app/hello", "hello from " + arch + "\n")));
        ImageConfig config = new ImageConfig(p.architecture(), p.os(), p.variant(), Instant.ofEpochSecond(1_700_000_000L),
                null, List.of("PATH=/usr/bin"), List.of("/app/hello"), null, null,
                Map.of("org.example.tamper", "config-" + arch), List.of(), List.of());
        return Images.assemble(config, List.of(base, app), Map.of("org.example.tamper", "manifest-" + arch));
    }

    private static TarEntry text(String path, String content) {
        return TarEntry.file(path, 0644, content.getBytes(StandardCharsets.UTF_8));
    }

    /** A copy of the pristine oci: layout (signatures included), the reference naming it. */
    String genuineLayout(Path caseDir) throws IOException {
        Path copy = caseDir.resolve("layout");
        copyTree(layout, copy);
        return "oci:" + copy + ":v1";
    }

    /** A copy of the image on {@code transport} (oci, oci-archive, docker-archive) with {@code change} made. */
    String prepare(String transport, Change change, Path caseDir) throws IOException {
        Files.createDirectories(caseDir);
        switch (transport) {
            case "oci" -> {
                String ref = genuineLayout(caseDir);
                Path copy = caseDir.resolve("layout");
                changeLayout(copy, change);
                return ref;
            }
            case "oci-archive" -> {
                Path file = Files.copy(ociArchive, caseDir.resolve("img.tar"));
                changeArchive(file, change);
                return "oci-archive:" + file + ":v1";
            }
            case "docker-archive" -> {
                Path file = Files.copy(dockerArchive, caseDir.resolve("docker.tar"));
                switch (change) {
                    case LAYER -> Tamper.replaceInside(file, GENUINE_VERSION, TAMPERED_VERSION);
                    case CONFIG -> Tamper.replaceInside(file, "config-amd64", "config-AMD64");
                    default -> throw new IllegalArgumentException(change + " does not apply to a docker-archive");
                }
                return "docker-archive:" + file + ":app:1";
            }
            default -> throw new IllegalArgumentException(transport);
        }
    }

    private void changeLayout(Path copy, Change change) throws IOException {
        switch (change) {
            case SIZE_BIGGER, SIZE_SMALLER -> {
                Path indexJson = copy.resolve("index.json");
                String text = Files.readString(indexJson);
                String from = "\"digest\":\"" + root.digest() + "\",\"size\":" + root.size();
                assertThat(text).contains(from);
                long lie = root.size() + (change == Change.SIZE_BIGGER ? 1 : -1);
                Files.writeString(indexJson, text.replace(from, "\"digest\":\"" + root.digest() + "\",\"size\":" + lie));
            }
            default -> {
                Blob b = blob(change);
                Path file = copy.resolve("blobs/sha256/" + b.descriptor().digest().hex());
                edit(file, b, change);
            }
        }
    }

    private void changeArchive(Path file, Change change) throws IOException {
        switch (change) {
            case SIZE_BIGGER, SIZE_SMALLER -> {
                long lie = root.size() + (change == Change.SIZE_BIGGER ? 1 : -1);
                assertThat(String.valueOf(lie)).hasSameSizeAs(String.valueOf(root.size()));
                Tamper.editInside(file, unsignedIndexJson, "\"size\":" + root.size(), "\"size\":" + lie);
            }
            default -> edit(file, blob(change), change);
        }
    }

    private static void edit(Path file, Blob b, Change change) throws IOException {
        if (change == Change.LAYER_GZIP) {
            Tamper.flipInside(file, b.content());
        } else {
            Tamper.editInside(file, b.content(), b.from(), b.to());
        }
    }

    /** The pristine blob a change edits, and the edit. */
    record Blob(Descriptor descriptor, byte[] content, String from, String to) {
    }

    Blob blob(Change change) throws IOException {
        Descriptor d = switch (change) {
            case LAYER -> amd64.manifest().layers().get(0);
            case LAYER_GZIP -> amd64.manifest().layers().get(1);
            case CONFIG -> amd64.manifest().config();
            case MANIFEST -> Descriptor.of(amd64.manifest().mediaType(), amd64.rawManifest());
            case INDEX -> root;
            default -> throw new IllegalArgumentException(change + " edits no blob");
        };
        byte[] content = Files.readAllBytes(layout.resolve("blobs/sha256/" + d.digest().hex()));
        return switch (change) {
            case LAYER -> new Blob(d, content, GENUINE_VERSION, TAMPERED_VERSION);
            case CONFIG -> new Blob(d, content, "config-amd64", "config-AMD64");
            case MANIFEST -> new Blob(d, content, "manifest-amd64", "manifest-AMD64");
            case INDEX -> new Blob(d, content, "index-all", "index-ALL");
            default -> new Blob(d, content, null, null);
        };
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
