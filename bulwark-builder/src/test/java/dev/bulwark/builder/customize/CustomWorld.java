package dev.bulwark.builder.customize;

import dev.bulwark.builder.lock.Locker;
import dev.bulwark.builder.pipeline.BuildRequest;
import dev.bulwark.builder.pipeline.BuildResult;
import dev.bulwark.builder.pipeline.ImageBuilder;
import dev.bulwark.core.Progress;
import dev.bulwark.debian.archive.HttpArchive;
import dev.bulwark.debian.archive.HttpTransport;
import dev.bulwark.debian.archive.MirrorConfig;
import dev.bulwark.debian.archive.RetryPolicy;
import dev.bulwark.debian.fetch.DebCache;
import dev.bulwark.debian.fetch.DebFetcher;
import dev.bulwark.debian.pgp.ClearsignVerifier;
import dev.bulwark.debian.pgp.Keyring;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.oci.image.Layers;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.layer.TarReader;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.oci.transport.layout.LayoutSource;
import dev.bulwark.spec.Spec;
import dev.bulwark.spec.SpecParser;
import dev.bulwark.testkit.FakeArchive;
import dev.bulwark.testkit.FakeDeb;
import dev.bulwark.testkit.TestKey;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A fake signed trixie archive with a tiny runtime (base-files, libc6 at two versions, a tool) and packages to add
 * (extra, needs-new-libc, clashing, linky with a symlinked directory), and the wiring to build base images and
 * customizations against it.
 */
final class CustomWorld implements AutoCloseable {
    static final TestKey KEY = TestKey.generate("Bulwark Customize Test <customize@example.invalid>");

    final FakeArchive archive;
    final Path dir;
    final Path cache;

    CustomWorld(Path dir, String osCodename) throws Exception {
        this.dir = dir;
        this.cache = dir.resolve("cache");
        FakeArchive.Builder b = FakeArchive.builder(KEY).archs("amd64", "arm64");
        for (String arch : List.of("amd64", "arm64")) {
            b.add("trixie", "main", FakeDeb.builder("base-files", "13.8", arch)
                    .symlink("/bin", "usr/bin").symlink("/lib", "usr/lib").symlink("/sbin", "usr/sbin")
                    .file("/usr/lib/os-release", ("PRETTY_NAME=\"Debian GNU/Linux\"\nNAME=\"Debian GNU/Linux\"\n"
                            + "VERSION_ID=\"" + (osCodename.equals("trixie") ? "13" : "12") + "\"\nVERSION_CODENAME=" + osCodename
                            + "\nID=debian\n").getBytes(StandardCharsets.UTF_8), 0644)
                    .file("/usr/share/doc/base-files/copyright", "Format: x\n".getBytes(StandardCharsets.UTF_8), 0644)
                    .build());
            for (String v : List.of("2.40-1", "2.41-12", "2.42-1")) {
                b.add("trixie", "main", FakeDeb.builder("libc6", v, arch).field("Source", "glibc")
                        .file("/usr/lib/libc.so.6", ("libc " + v + " for " + arch).getBytes(StandardCharsets.UTF_8), 0755)
                        .build());
            }
            b.add("trixie", "main", FakeDeb.builder("tool", "1.0-1", arch).field("Depends", "libc6")
                    .file("/usr/bin/tool", "tool".getBytes(StandardCharsets.UTF_8), 0755).build());
            b.add("trixie", "main", FakeDeb.builder("extra", "2.0-1", arch).field("Depends", "libc6 (>= 2.41)")
                    .file("/usr/bin/extra", "extra".getBytes(StandardCharsets.UTF_8), 0755)
                    .file("/usr/share/doc/extra/copyright", "extra copyright\n".getBytes(StandardCharsets.UTF_8), 0644)
                    .build());
            b.add("trixie", "main", FakeDeb.builder("needs-new-libc", "1.0-1", arch)
                    .field("Depends", "libc6 (>= 2.42)")
                    .file("/usr/bin/needs-new-libc", "n".getBytes(StandardCharsets.UTF_8), 0755).build());
            b.add("trixie", "main", FakeDeb.builder("dash", "0.5.12-12", arch).field("Depends", "libc6")
                    .file("/usr/bin/dash", "dash".getBytes(StandardCharsets.UTF_8), 0755).build());
            for (String tool : List.of("coreutils", "findutils", "grep")) {
                b.add("trixie", "main", FakeDeb.builder(tool, "9.0-1", arch).field("Depends", "libc6")
                        .file("/usr/bin/" + tool + "-tool", tool.getBytes(StandardCharsets.UTF_8), 0755).build());
            }
            b.add("trixie", "main", FakeDeb.builder("linky", "1.0-1", arch)
                    .dir("/etc/linky", 0755)
                    .file("/etc/linky/linky.conf", "secure=yes\n".getBytes(StandardCharsets.UTF_8), 0644)
                    .dir("/usr/lib/linky", 0755)
                    .symlink("/usr/lib/linky/conf", "/etc/linky").build());
            b.add("trixie", "main", FakeDeb.builder("clashing", "1.0-1", arch)
                    .file("/usr/bin/tool", "not the tool".getBytes(StandardCharsets.UTF_8), 0755).build());
        }
        archive = b.start();
        Files.write(dir.resolve("archive.gpg"), KEY.publicKeyring());
    }

    CustomWorld(Path dir) throws Exception {
        this(dir, "trixie");
    }

    Spec spec(String name, String body) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, body);
        return new SpecParser().parse(file);
    }

    /** The base image: libc6 pinned to the older version, so a newer one stays in the archive. */
    Spec baseSpec() throws Exception {
        return spec("tool", """
                name: tool
                distribution: trixie
                suites: [trixie]
                archs: [amd64, arm64]
                keyrings: [archive.gpg]
                packages: [base-files, tool, libc6=2.41-12]
                entrypoint: [/usr/bin/tool]
                environment: { LANG: C.UTF-8 }
                """);
    }

    ImageBuilder builder() throws Exception {
        HttpTransport transport = new HttpTransport(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10)));
        HttpArchive http = new HttpArchive(new MirrorConfig(archive.baseUrl(), null, "test"), transport,
                new ClearsignVerifier(Keyring.load(new ByteArrayInputStream(KEY.publicKeyring()), "test"),
                        Clock.systemUTC()), cache, Clock.systemUTC());
        return new ImageBuilder(new Locker(http, new DebFetcher(transport, new DebCache(cache), 4), cache,
                BaseOptions.defaults()), cache);
    }

    /** Builds {@code spec} (every arch it or its base has) to {@code outputs}; with provenance when {@code sboms}. */
    BuildResult build(Spec spec, boolean sboms, String... outputs) throws Exception {
        List<ImageReference> refs = new ArrayList<>();
        for (String o : outputs) {
            refs.add(ImageReference.parse(o));
        }
        return builder().build(new BuildRequest(spec, dir.resolve(spec.name() + ".yaml.lock.json"), List.of(), refs,
                Compression.GZIP, 1_700_000_000L, RegistryOptions.defaults(), null, sboms), Progress.NONE);
    }

    /** The base image, built to oci:DIR/base with its provenance (so it can be customized). */
    BuildResult base() throws Exception {
        return build(baseSpec(), true, "oci:" + dir.resolve("base"));
    }

    static Image image(Path layout, String arch) throws Exception {
        return new LayoutSource(layout, "latest").image(Platform.fromDebianArch(arch));
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
        return new String(dev.bulwark.oci.image.ImageFiles.read(image, path::equals).get(path), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        archive.close();
    }
}
