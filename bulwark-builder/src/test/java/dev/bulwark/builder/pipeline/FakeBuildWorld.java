package dev.bulwark.builder.pipeline;

import dev.bulwark.builder.api.ArchiveSettings;
import dev.bulwark.builder.api.Workspace;
import dev.bulwark.spec.Spec;
import dev.bulwark.spec.SpecParser;
import dev.bulwark.core.Progress;
import dev.bulwark.debian.archive.MirrorConfig;
import dev.bulwark.debian.archive.RetryPolicy;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.image.Layers;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.layer.TarReader;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.testkit.FakeArchive;
import dev.bulwark.testkit.FakeDeb;
import dev.bulwark.testkit.TestKey;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A fake signed archive with a tiny runtime closure, and the wiring to lock and build specs against it. */
final class FakeBuildWorld implements AutoCloseable {
    static final TestKey KEY = TestKey.generate("Bulwark Build Test <build@example.invalid>");
    static final byte[] PEM = ("-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----").getBytes(StandardCharsets.UTF_8);

    final FakeArchive archive;
    final Path dir;

    FakeBuildWorld(Path dir, FakeDeb... extra) throws Exception {
        this.dir = dir;
        FakeArchive.Builder b = FakeArchive.builder(KEY).archs("amd64", "arm64");
        for (String arch : List.of("amd64", "arm64")) {
            b.add("trixie", "main", FakeDeb.builder("base-files", "13.8", arch)
                    .symlink("/bin", "usr/bin").symlink("/lib", "usr/lib").symlink("/sbin", "usr/sbin")
                    .file("/usr/lib/os-release", ("PRETTY_NAME=\"Debian GNU/Linux 13 (trixie)\"\nNAME=\"Debian GNU/Linux\"\n"
                            + "VERSION_ID=\"13\"\nVERSION=\"13 (trixie)\"\nVERSION_CODENAME=trixie\nID=debian\n").getBytes(StandardCharsets.UTF_8), 0644)
                    .symlink("/etc/os-release", "../usr/lib/os-release")
                    .file("/usr/share/doc/base-files/copyright", "Format: x\n".getBytes(StandardCharsets.UTF_8), 0644)
                    .file("/usr/share/doc/base-files/README", "readme\n".getBytes(StandardCharsets.UTF_8), 0644)
                    .build());
            b.add("trixie", "main", FakeDeb.builder("libc6", "2.41-12", arch).field("Source", "glibc")
                    .field("Depends", "libgcc-s1")
                    .file("/usr/lib/libc.so.6", ("libc for " + arch).getBytes(StandardCharsets.UTF_8), 0755)
                    .file("/usr/lib/ld.so", "loader".getBytes(StandardCharsets.UTF_8), 0755)
                    .hardlink("/usr/lib/ld-linux.so", "/usr/lib/ld.so")
                    .file("/usr/share/man/man1/ldd.1.gz", "man".getBytes(StandardCharsets.UTF_8), 0644)
                    .build());
            b.add("trixie", "main", FakeDeb.builder("libgcc-s1", "14.2.0-19", arch)
                    .file("/lib/libgcc_s.so.1", "gcc".getBytes(StandardCharsets.UTF_8), 0644).build());
            b.add("trixie", "main", FakeDeb.builder("tool", "1.0-1", arch).field("Depends", "libc6, dpkg")
                    .file("/usr/bin/tool", "tool".getBytes(StandardCharsets.UTF_8), 04755)
                    .dir("/var/spool/tool", 01777)
                    .build());
        }
        b.add("trixie", "main", FakeDeb.builder("ca-certificates", "20250419", "all")
                .field("Depends", "openssl (>= 1.1.1), debconf (>= 0.5) | debconf-2.0")
                .file("/usr/share/ca-certificates/mozilla/B_Root.crt", PEM, 0644)
                .file("/usr/share/ca-certificates/mozilla/A_Root.crt", PEM, 0644)
                .dir("/etc/ssl/certs", 0755).build());
        for (FakeDeb d : extra) {
            b.add("trixie", "main", d);
        }
        archive = b.start();
        Files.write(dir.resolve("archive.gpg"), KEY.publicKeyring());
    }

    Spec spec(String name, String body) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, body);
        return new SpecParser().parse(file);
    }

    Spec toolSpec() throws Exception {
        return spec("tool", """
                name: tool
                distribution: trixie
                suites: [trixie]
                archs: [amd64, arm64]
                keyrings: [archive.gpg]
                packages: [base-files, tool, ca-certificates]
                entrypoint: [/usr/bin/tool]
                environment: { LANG: C.UTF-8 }
                """);
    }

    /** The library's wiring, pointed at the fake archive and trusting its key. */
    Workspace workspace(Path cache) throws Exception {
        return Workspace.open(new ArchiveSettings(new MirrorConfig(archive.baseUrl(), null, "test"), cache, 4,
                List.of(dir.resolve("archive.gpg")), new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10)),
                "test"), Clock.systemUTC());
    }

    ImageBuilder builder(Path cache) throws Exception {
        return new ImageBuilder(workspace(cache).locker(), cache);
    }

    boolean attachSboms;

    BuildResult build(Spec spec, Path cache, List<String> archs, String... outputs) throws Exception {
        List<ImageReference> refs = new java.util.ArrayList<>();
        for (String o : outputs) {
            refs.add(ImageReference.parse(o));
        }
        return builder(cache).build(new BuildRequest(spec, dir.resolve(spec.name() + ".yaml.lock.json"), archs, refs,
                Compression.GZIP, 1_700_000_000L, dev.bulwark.oci.transport.RegistryOptions.defaults(), null, attachSboms), Progress.NONE);
    }

    /** "path: type mode uid:gid [size|-> target]" for every entry of the flattened image, sorted. */
    static Map<String, String> tree(Image image) throws Exception {
        Map<String, String> tree = new TreeMap<>();
        for (Layer layer : image.layers()) {
            try (InputStream in = Layers.openUncompressed(layer)) {
                TarReader tar = new TarReader(in);
                for (TarReader.Header h; (h = tar.next()) != null; ) {
                    String detail = switch (h.kind()) {
                        case FILE -> " " + h.size();
                        case SYMLINK, HARDLINK -> " -> " + h.linkTarget();
                        default -> "";
                    };
                    tree.put(h.path(), h.kind().name().toLowerCase() + " " + Integer.toOctalString(h.mode()) + " "
                            + h.uid() + ":" + h.gid() + detail);
                }
            }
        }
        return tree;
    }

    static String file(Image image, String path) throws Exception {
        String found = null;
        for (Layer layer : image.layers()) {
            try (InputStream in = Layers.openUncompressed(layer)) {
                TarReader tar = new TarReader(in);
                for (TarReader.Header h; (h = tar.next()) != null; ) {
                    if (h.path().equals(path) && h.kind() == TarReader.EntryType.FILE) {
                        found = new String(tar.content().readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
            }
        }
        return found;
    }

    @Override
    public void close() {
        archive.close();
    }
}
