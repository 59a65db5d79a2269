package dev.bulwark.builder.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.builder.BuildException;
import dev.bulwark.spec.Spec;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.transport.layout.LayoutSource;
import dev.bulwark.oci.validate.Validation;
import dev.bulwark.testkit.FakeDeb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageBuilderTest {

    @TempDir
    Path dir;

    @Test
    void build_givesIdenticalDigestsTwiceAndFromAnEmptyCache() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            Spec spec = world.toolSpec();
            BuildResult first = world.build(spec, dir.resolve("cache1"), List.of("amd64", "arm64"), "oci:" + dir.resolve("a"));
            BuildResult warm = world.build(spec, dir.resolve("cache1"), List.of("amd64", "arm64"), "oci:" + dir.resolve("b"));
            BuildResult cold = world.build(spec, dir.resolve("cache2"), List.of("amd64", "arm64"), "oci:" + dir.resolve("c") + ":v1");
            assertThat(first.lockWritten()).isTrue();
            assertThat(cold.lockWritten()).isFalse();
            assertThat(first.outputs().get(0).written().index()).isNotNull();
            assertThat(warm.outputs().get(0).written().digest()).isEqualTo(first.outputs().get(0).written().digest());
            assertThat(cold.outputs().get(0).written().digest()).isEqualTo(first.outputs().get(0).written().digest());
            assertThat(cold.manifests()).isEqualTo(first.manifests());
            for (String out : List.of("a", "b", "c")) {
                Validation.validate(new LayoutSource(dir.resolve(out), out.equals("c") ? "v1" : "latest"));
            }
        }
    }

    @Test
    void build_fromAnEmptyCache_reportsTheFetchBeforeTheAssemblyThatRanBesideIt() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            Spec spec = world.toolSpec();
            world.build(spec, dir.resolve("locking"), List.of("amd64"), "oci:" + dir.resolve("a"));
            List<String> events = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
            dev.bulwark.core.Progress recording = new dev.bulwark.core.Progress() {
                @Override
                public void begin(String task, long total) {
                    events.add("begin " + task);
                }

                @Override
                public void advance(long amount) {
                    events.add("advance");
                }

                @Override
                public void end(String summary) {
                    events.add("end " + summary);
                }
            };
            BuildResult cold = world.builder(dir.resolve("cold")).build(new BuildRequest(spec,
                    dir.resolve("tool.yaml.lock.json"), List.of("amd64"),
                    List.of(dev.bulwark.oci.ref.ImageReference.parse("oci:" + dir.resolve("b"))),
                    dev.bulwark.oci.layer.Compression.GZIP, 1_700_000_000L,
                    dev.bulwark.oci.transport.RegistryOptions.defaults(), null, false), recording);
            List<String> tasks = events.stream().filter(e -> !e.equals("advance")).toList();
            assertThat(tasks).hasSizeGreaterThanOrEqualTo(4);
            assertThat(tasks.get(0)).startsWith("begin Fetching 5 packages");
            assertThat(tasks.get(1)).startsWith("end fetched 5 packages");
            assertThat(tasks.get(2)).startsWith("begin Assembling 5 package layers for amd64");
            assertThat(tasks.get(3)).startsWith("end assembled 5 package layers");
            assertThat(cold.fetch().downloaded()).isEqualTo(5);
            assertThat(cold.lockWritten()).isFalse();
        }
    }

    @Test
    void build_whoseDownloadFailsVerification_failsWithTheFetchReportAndLeavesNoTempFileOrOutput() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            Spec spec = world.toolSpec();
            world.build(spec, dir.resolve("locking"), List.of("amd64"), "oci:" + dir.resolve("a"));
            world.archive.corruptDeb("libc6");
            Path cache = dir.resolve("cold");
            assertThatThrownBy(() -> world.build(spec, cache, List.of("amd64"), "oci:" + dir.resolve("b")))
                    .isInstanceOf(dev.bulwark.debian.fetch.FetchException.class).hasMessageContaining("libc6")
                    .hasMessageContaining("SHA-256");
            assertThat(dir.resolve("b")).doesNotExist();
            try (var files = Files.walk(cache)) {
                List<Path> kept = files.filter(Files::isRegularFile).map(cache::relativize).toList();
                assertThat(kept).noneMatch(f -> f.startsWith("tmp"));
                List<Path> debs = kept.stream().filter(f -> f.startsWith("debs")).toList();
                assertThat(debs).hasSize(4);   // the others, each verified: the bad one never entered the cache
                for (Path deb : debs) {
                    assertThat(dev.bulwark.core.Sha256.hex(cache.resolve(deb))).isEqualTo(deb.getFileName().toString());
                }
            }
        }
    }

    @Test
    void build_writesPackagesExactlyAndGeneratesWhatMaintainerScriptsWould() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            world.build(world.toolSpec(), dir.resolve("cache"), List.of("amd64"), "oci:" + dir.resolve("out"));
            Image image = new LayoutSource(dir.resolve("out"), null).image(Platform.fromDebianArch("amd64"));
            Map<String, String> tree = FakeBuildWorld.tree(image);
            assertThat(tree).containsEntry("/bin", "symlink 777 0:0 -> usr/bin")
                    .containsEntry("/usr/bin/tool", "file 4755 0:0 4")
                    .containsEntry("/usr/lib/libgcc_s.so.1", "file 644 0:0 3")
                    .containsEntry("/var/spool/tool", "dir 1777 0:0")
                    .containsEntry("/tmp", "dir 1777 0:0")
                    .containsEntry("/home/nonroot", "dir 700 65532:65532")
                    .containsEntry("/usr/share/doc/base-files/copyright", "file 644 0:0 10")
                    .containsKeys("/var/lib/dpkg/status.d/tool", "/var/lib/dpkg/status.d/libc6.md5sums",
                            "/etc/passwd", "/etc/group", "/etc/nsswitch.conf", "/etc/ssl/certs/ca-certificates.crt")
                    .doesNotContainKeys("/usr/share/doc/base-files/README", "/usr/share/man/man1/ldd.1.gz",
                            "/var/lib/dpkg/status.d/dpkg", "/lib/libgcc_s.so.1");
            assertThat(tree.get("/usr/lib/ld-linux.so") + tree.get("/usr/lib/ld.so")).contains("hardlink");
            assertThat(FakeBuildWorld.file(image, "/etc/passwd"))
                    .contains("nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin");
            assertThat(FakeBuildWorld.file(image, "/var/lib/dpkg/status.d/tool"))
                    .startsWith("Package: tool\nStatus: install ok installed\n");
            assertThat(FakeBuildWorld.file(image, "/var/lib/dpkg/status.d/libc6.md5sums"))
                    .contains("usr/lib/libc.so.6").doesNotContain("ldd.1.gz");
            assertThat(FakeBuildWorld.file(image, "/etc/os-release"))
                    .contains("PRETTY_NAME=\"Bulwark tool (Debian GNU/Linux 13 (trixie))\"").contains("VERSION_ID=\"13\"");
            String pem = new String(FakeBuildWorld.PEM, StandardCharsets.UTF_8) + "\n";
            assertThat(FakeBuildWorld.file(image, "/etc/ssl/certs/ca-certificates.crt")).isEqualTo(pem + pem);
            assertThat(image.config().user()).isEqualTo("65532:65532");
            assertThat(image.config().entrypoint()).containsExactly("/usr/bin/tool");
            assertThat(image.config().env()).contains("LANG=C.UTF-8");
            assertThat(image.config().created()).hasToString("2023-11-14T22:13:20Z");
            assertThat(image.config().history()).hasSize(image.layers().size());
            assertThat(image.manifest().annotations()).containsEntry("org.opencontainers.image.title", "tool");
        }
    }

    @Test
    void build_attachesUnsignedSbomsAndProvenanceAsReferrersByDefault() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            world.attachSboms = true;
            BuildResult r = world.build(world.toolSpec(), dir.resolve("cache"), List.of("amd64", "arm64"),
                    "oci:" + dir.resolve("out"));
            var store = new dev.bulwark.oci.transport.layout.LayoutStore(dir.resolve("out"));
            for (Image image : r.images().values()) {
                assertThat(dev.bulwark.oci.transport.Referrers.list(store, image.digest(), null))
                        .extracting(dev.bulwark.oci.Descriptor::artifactType)
                        .containsExactlyInAnyOrder("application/spdx+json", "application/vnd.cyclonedx+json");
            }
            assertThat(dev.bulwark.oci.transport.Referrers.list(store, r.outputs().get(0).written().digest(), null))
                    .extracting(dev.bulwark.oci.Descriptor::artifactType).containsExactly("application/vnd.in-toto+json");
            Validation.validate(new LayoutSource(dir.resolve("out"), "latest"));
            // A rebuild takes the documents from the evidence cache: the same bytes, so the same referrer digests.
            world.build(world.toolSpec(), dir.resolve("cache"), List.of("amd64", "arm64"), "oci:" + dir.resolve("again"));
            var again = new dev.bulwark.oci.transport.layout.LayoutStore(dir.resolve("again"));
            for (Image image : r.images().values()) {
                assertThat(dev.bulwark.oci.transport.Referrers.list(again, image.digest(), null))
                        .isEqualTo(dev.bulwark.oci.transport.Referrers.list(store, image.digest(), null));
            }
        }
    }

    @Test
    void build_refusesAPackageWritingBelowAnotherPackagesSymlinkedDirectory() throws Exception {
        FakeDeb link = FakeDeb.builder("evil-link", "1", "amd64").symlink("/usr/share/evil", "/etc").build();
        FakeDeb file = FakeDeb.builder("evil-file", "1", "amd64")
                .file("/usr/share/evil/passwd", "root::0:0::/:/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0644).build();
        try (FakeBuildWorld world = new FakeBuildWorld(dir, link, file)) {
            Spec spec = world.spec("evil", """
                    name: evil
                    distribution: trixie
                    suites: [trixie]
                    keyrings: [archive.gpg]
                    packages: [evil-link, evil-file]
                    """);
            assertThatThrownBy(() -> world.build(spec, dir.resolve("cache"), List.of("amd64"), "oci:" + dir.resolve("out")))
                    .isInstanceOf(BuildException.class)
                    .hasMessageContaining("/usr/share/evil").hasMessageContaining("symlinked directory")
                    .hasMessageContaining("evil-link=1");
            assertThat(dir.resolve("out")).doesNotExist();
        }
    }

    @Test
    void build_reportsFileConflictsBetweenPackages() throws Exception {
        FakeDeb a = FakeDeb.builder("one", "1", "amd64").file("/usr/bin/same", "a".getBytes(StandardCharsets.UTF_8), 0755).build();
        FakeDeb b = FakeDeb.builder("two", "1", "amd64").file("/usr/bin/same", "b".getBytes(StandardCharsets.UTF_8), 0755).build();
        try (FakeBuildWorld world = new FakeBuildWorld(dir, a, b)) {
            Spec spec = world.spec("clash", """
                    name: clash
                    distribution: trixie
                    suites: [trixie]
                    keyrings: [archive.gpg]
                    packages: [one, two]
                    """);
            assertThatThrownBy(() -> world.build(spec, dir.resolve("cache"), List.of("amd64"), "oci:" + dir.resolve("out")))
                    .hasMessageContaining("file conflict at /usr/bin/same").hasMessageContaining("one=1")
                    .hasMessageContaining("two=1");
        }
    }

    @Test
    void build_refusesAHostileDebWithAClearError() throws Exception {
        FakeDeb evil = FakeDeb.builder("escape", "1", "amd64").rawEntryName("./../../etc/cron.d/x", "x".getBytes(StandardCharsets.UTF_8)).build();
        try (FakeBuildWorld world = new FakeBuildWorld(dir, evil)) {
            Spec spec = world.spec("escape", """
                    name: escape
                    distribution: trixie
                    suites: [trixie]
                    keyrings: [archive.gpg]
                    packages: [escape]
                    """);
            assertThatThrownBy(() -> world.build(spec, dir.resolve("cache"), List.of("amd64"), "oci:" + dir.resolve("out")))
                    .isInstanceOf(BuildException.class).hasMessageContaining("escape").hasMessageContaining("..")
                    .satisfies(e -> assertThat(((BuildException) e).kind()).isEqualTo(Kind.BAD_INPUT));
            assertThat(dir.resolve("out")).doesNotExist();
        }
    }

    @Test
    void build_dockerArchiveTakesOneArchitecture() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            Spec spec = world.toolSpec();
            assertThatThrownBy(() -> world.build(spec, dir.resolve("cache"), List.of("amd64", "arm64"),
                    "docker-archive:" + dir.resolve("tool.tar")))
                    .hasMessageContaining("one architecture");
            BuildResult r = world.build(spec, dir.resolve("cache"), List.of("arm64"), "docker-archive:" + dir.resolve("tool.tar") + ":tool:1");
            assertThat(Files.size(dir.resolve("tool.tar"))).isPositive();
            assertThat(r.manifests()).containsOnlyKeys("arm64");
        }
    }

    @Test
    void build_mergesUsrForDebian12StylePackages() throws Exception {
        FakeDeb old = FakeDeb.builder("oldlib", "1.2-3", "amd64")
                .dir("/usr/lib/x86_64-linux-gnu", 0755)
                .file("/lib/x86_64-linux-gnu/libold.so.1.2", "lib".getBytes(StandardCharsets.UTF_8), 0644)
                .symlink("/lib/x86_64-linux-gnu/libold.so.1", "libold.so.1.2")
                .symlink("/lib64/ld-old.so", "/lib/x86_64-linux-gnu/libold.so.1.2")
                .symlink("/bin/oldsh", "../usr/bin/oldtool")
                .file("/usr/bin/oldtool", "tool".getBytes(StandardCharsets.UTF_8), 0755)
                .build();
        try (FakeBuildWorld world = new FakeBuildWorld(dir, old)) {
            Spec spec = world.spec("old", """
                    name: old
                    distribution: bookworm
                    suites: [trixie]
                    keyrings: [archive.gpg]
                    packages: [oldlib]
                    """);
            world.build(spec, dir.resolve("cache"), List.of("amd64"), "oci:" + dir.resolve("out"));
            Image image = new LayoutSource(dir.resolve("out"), null).image(Platform.fromDebianArch("amd64"));
            Map<String, String> tree = FakeBuildWorld.tree(image);
            assertThat(tree).containsEntry("/usr/lib/x86_64-linux-gnu/libold.so.1.2", "file 644 0:0 3")
                    .containsEntry("/usr/lib/x86_64-linux-gnu/libold.so.1", "symlink 777 0:0 -> libold.so.1.2")
                    .containsEntry("/usr/lib64/ld-old.so", "symlink 777 0:0 -> /usr/lib/x86_64-linux-gnu/libold.so.1.2")
                    .containsEntry("/usr/bin/oldsh", "symlink 777 0:0 -> oldtool")
                    .containsEntry("/lib64", "symlink 777 0:0 -> usr/lib64")
                    .containsEntry("/bin", "symlink 777 0:0 -> usr/bin")
                    .doesNotContainKeys("/lib/x86_64-linux-gnu/libold.so.1.2", "/bin/oldsh");
            assertThat(FakeBuildWorld.file(image, "/var/lib/dpkg/status.d/oldlib.md5sums"))
                    .contains("usr/lib/x86_64-linux-gnu/libold.so.1.2").doesNotContain(" lib/");
        }
    }

    @Test
    void build_refusesASpecPathBelowAPackagesSymlink() throws Exception {
        FakeDeb run = FakeDeb.builder("runlink", "1", "amd64").symlink("/var/run", "/run").build();
        try (FakeBuildWorld world = new FakeBuildWorld(dir, run)) {
            Spec spec = world.spec("app", """
                    name: app
                    distribution: trixie
                    suites: [trixie]
                    keyrings: [archive.gpg]
                    packages: [runlink]
                    paths:
                      - { path: /var/run/app, type: directory }
                    """);
            assertThatThrownBy(() -> world.build(spec, dir.resolve("cache"), List.of("amd64"), "oci:" + dir.resolve("out")))
                    .hasMessageContaining("/var/run/app").hasMessageContaining("symlink to /run");
        }
    }

    @Test
    void build_refusesASpecFileBelowTheGeneratedOpenSslCertsLinkInEitherSpelling() throws Exception {
        FakeDeb libssl = FakeDeb.builder("libssl3t64", "3.5.1-1", "amd64")
                .file("/usr/lib/x86_64-linux-gnu/libssl.so.3", "ssl".getBytes(StandardCharsets.UTF_8), 0644).build();
        try (FakeBuildWorld world = new FakeBuildWorld(dir, libssl)) {
            for (String spelling : List.of("/usr/lib/ssl/certs/evil.pem", "/lib/ssl/certs/evil.pem")) {
                Spec spec = world.spec("ssl", """
                        name: ssl
                        distribution: trixie
                        suites: [trixie]
                        keyrings: [archive.gpg]
                        packages: [base-files, ca-certificates, libssl3t64]
                        paths:
                          - { path: /app, type: directory }
                          - { path: %s, type: file, content: x }
                        """.formatted(spelling));
                assertThatThrownBy(() -> world.build(spec, dir.resolve("cache"), List.of("amd64"), "oci:" + dir.resolve("out")))
                        .isInstanceOfSatisfying(BuildException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_INPUT))
                        .hasMessageContainingAll("cannot add /usr/lib/ssl/certs/evil.pem (", "ssl.yaml:8)",
                                "/usr/lib/ssl/certs is a symlink to /etc/ssl/certs, generated by Bulwark",
                                "use the path it points to");
                assertThat(dir.resolve("out")).doesNotExist();
                Files.delete(dir.resolve("ssl.yaml.lock.json")); // the next spelling is another spec
            }
        }
    }

    @Test
    void build_refusesASpecSymlinkOverADirectoryTheImageWritesInto() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            Spec spec = world.spec("etc", """
                    name: etc
                    distribution: trixie
                    suites: [trixie]
                    keyrings: [archive.gpg]
                    packages: [base-files, tool]
                    paths:
                      - { path: /etc, type: symlink, target: /var/tmp }
                    """);
            assertThatThrownBy(() -> world.build(spec, dir.resolve("cache"), List.of("amd64"), "oci:" + dir.resolve("out")))
                    .isInstanceOfSatisfying(BuildException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_INPUT))
                    .hasMessageContainingAll("cannot add the generated /etc/group: /etc is a symlink to /var/tmp, "
                            + "declared at ", "etc.yaml:7", "declare /etc as a directory or drop that entry");
            assertThat(dir.resolve("out")).doesNotExist();
        }
    }

    @Test
    void build_refusesAPackageEntryBelowASymlinkTheSpecDeclares() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            Spec spec = world.spec("spool", """
                    name: spool
                    distribution: trixie
                    suites: [trixie]
                    keyrings: [archive.gpg]
                    packages: [base-files, tool]
                    paths:
                      - { path: /var/spool, type: symlink, target: /etc }
                    """);
            assertThatThrownBy(() -> world.build(spec, dir.resolve("cache"), List.of("amd64"), "oci:" + dir.resolve("out")))
                    .hasMessageContainingAll("cannot add /var/spool/tool of tool=1.0-1: /var/spool is a symlink to /etc, "
                            + "declared at ", "spool.yaml:7");
        }
    }

    @Test
    void build_refusesACustomizationInsteadOfBuildingWithoutItsBase() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            world.toolSpec();
            Spec app = world.spec("app", """
                    name: app
                    base: tool.yaml
                    cmd: [--version]
                    """);
            assertThatThrownBy(() -> world.build(app, dir.resolve("cache"), List.of("amd64"), "oci:" + dir.resolve("out")))
                    .isInstanceOf(BuildException.class).hasMessageContaining("customiz")
                    .satisfies(e -> assertThat(((BuildException) e).kind()).isEqualTo(Kind.BAD_INPUT));
            assertThat(dir.resolve("out")).doesNotExist();
            assertThat(dir.resolve("app.yaml.lock.json")).doesNotExist();
        }
    }

    @Test
    void build_refusesALockMadeForAnotherVersionOfTheSpec() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            world.build(world.toolSpec(), dir.resolve("cache"), List.of("amd64"), "oci:" + dir.resolve("out"));
            Spec changed = world.spec("tool", Files.readString(dir.resolve("tool.yaml")) + "cmd: [--help]\n");
            assertThatThrownBy(() -> world.build(changed, dir.resolve("cache"), List.of("amd64"), "oci:" + dir.resolve("out")))
                    .hasMessageContaining("bulwark lock");
        }
    }
}
