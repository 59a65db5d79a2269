package dev.bulwark.cli;

import dev.bulwark.testkit.FakeArchive;
import dev.bulwark.testkit.FakeDeb;
import dev.bulwark.testkit.TestKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * The patch loop's scenario on one fake archive: a point release (libfoo1 1.0-1+deb13u1 from trixie-security,
 * libbar1, tzdata), three images — {@code a} [libfoo1, tzdata], {@code b} [libfoo1, libbar1], {@code c} [libbar1,
 * tzdata] — then a security update of libfoo1 whose changelog entry names two CVEs, and a tzdata update. libbaz1
 * is there for the customization {@code d} of {@code a} ({@link #addCustomization}).
 */
final class WatchScenario implements AutoCloseable {
    static final TestKey KEY = TestKey.generate("Bulwark Watch Test <watch@example.invalid>");
    static final String U1 = """
            foo (1.0-1+deb13u1) trixie-security; urgency=medium

              * Fix CVE-2099-1111.

             -- M <m@example.invalid>  Mon, 02 Nov 2026 10:00:00 +0000

            foo (1.0-1) unstable; urgency=medium

              * Initial release.

             -- M <m@example.invalid>  Mon, 05 Oct 2026 10:00:00 +0000
            """;
    static final String U2 = """
            foo (1.0-1+deb13u2) trixie-security; urgency=high

              * Fix CVE-2099-2222 and CVE-2099-2223.

             -- M <m@example.invalid>  Mon, 30 Nov 2026 10:00:00 +0000

            """ + U1;

    final Path dir;
    final FakeArchive archive;
    final String catalog;

    WatchScenario(Path dir, String catalog) throws IOException {
        this.dir = dir;
        this.catalog = catalog;
        this.archive = FakeArchive.builder(KEY).archs("amd64")
                .add("trixie", "main", foo("1.0-1", "foo (1.0-1) unstable; urgency=medium\n\n  * Initial release.\n\n"
                        + " -- M <m@example.invalid>  Mon, 05 Oct 2026 10:00:00 +0000\n"))
                .add("trixie-security", "main", foo("1.0-1+deb13u1", U1))
                .add("trixie", "main", FakeDeb.builder("libbar1", "2.0-1", "amd64").field("Source", "bar").build())
                .add("trixie", "main", FakeDeb.builder("tzdata", "2025b-4", "all").build())
                .add("trixie-updates", "main", FakeDeb.builder("unrelated", "1.0-1", "all").build())
                .add("trixie", "main", baz("1.0-1", BAZ1))
                .start();
        Files.write(dir.resolve("archive.gpg"), KEY.publicKeyring());
    }

    /** Writes the three specs and catalogs them (each built from a lock made now, published to oci:DIR/NAME). */
    List<CliRun> addImages() throws IOException {
        List<CliRun> out = new ArrayList<>();
        for (String[] image : List.of(new String[] {"a", "libfoo1, tzdata"}, new String[] {"b", "libfoo1, libbar1"},
                new String[] {"c", "libbar1, tzdata"})) {
            Path spec = Files.writeString(dir.resolve(image[0] + ".yaml"), "name: " + image[0] + "\ndistribution: trixie\n"
                    + "archs: [amd64]\nkeyrings: [archive.gpg]\npackages: [" + image[1] + "]\n");
            out.add(run("catalog", "add", spec.toString(), "--publish", "oci:" + dir.resolve("out").resolve(image[0])));
        }
        return out;
    }

    /**
     * The archive moves on, its InReleases dated {@code date}: the security update of libfoo1 lands in
     * trixie-security, and a plain tzdata update in trixie-updates.
     */
    void securityUpdate(Instant date) throws IOException {
        archive.publishUpdate("trixie-security", "main", foo("1.0-1+deb13u2", U2), date);
        archive.publishUpdate("trixie-updates", "main", FakeDeb.builder("tzdata", "2025c-1", "all").build(), date);
    }

    /**
     * The customization {@code d}: image {@code a} as published (its moving tag {@code latest}) plus libbaz1, which
     * none of the three images has; catalogued and published to oci:DIR/d.
     */
    CliRun addCustomization() throws IOException {
        Path spec = Files.writeString(dir.resolve("d.yaml"), "name: d\nbase: " + baseOfD() + "\n"
                + "keyrings: [archive.gpg]\npackages: [libbaz1]\n");
        return run("catalog", "add", spec.toString(), "--publish", "oci:" + dir.resolve("out").resolve("d"));
    }

    /** What d's spec names as its base: where the catalog publishes a, with the moving tag. */
    String baseOfD() {
        return "oci:" + dir.resolve("out").resolve("a") + ":latest";
    }

    /** A security update of libbaz1 (only d has it) in trixie-security, fixing CVE-2099-3333. */
    void bazUpdate(Instant date) throws IOException {
        archive.publishUpdate("trixie-security", "main", baz("1.0-1+deb13u1", """
                baz (1.0-1+deb13u1) trixie-security; urgency=high

                  * Fix CVE-2099-3333.

                 -- M <m@example.invalid>  Tue, 01 Dec 2026 10:00:00 +0000

                """ + BAZ1), date);
    }

    static final String BAZ1 = "baz (1.0-1) unstable; urgency=medium\n\n  * Initial release.\n\n"
            + " -- M <m@example.invalid>  Mon, 05 Oct 2026 10:00:00 +0000\n";

    static FakeDeb baz(String version, String changelog) throws IOException {
        return FakeDeb.builder("libbaz1", version, "amd64").field("Source", "baz")
                .file("/usr/share/doc/libbaz1/changelog.Debian.gz", gzip(changelog), 0644).build();
    }

    CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--catalog", catalog, "--mirror", archive.baseUrl().toString(), "--cache",
                dir.resolve("cache").toString()));
        return CliRun.of(all.toArray(String[]::new));
    }

    /** A read verb: no archive options. */
    CliRun read(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--catalog", catalog));
        return CliRun.of(all.toArray(String[]::new));
    }

    static FakeDeb foo(String version, String changelog) throws IOException {
        return FakeDeb.builder("libfoo1", version, "amd64").field("Source", "foo")
                .file("/usr/share/doc/libfoo1/changelog.Debian.gz", gzip(changelog), 0644).build();
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return gz.toByteArray();
    }

    @Override
    public void close() {
        archive.close();
    }
}
