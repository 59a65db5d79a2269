package dev.bulwark.cli;

import dev.bulwark.testkit.Compression;
import dev.bulwark.testkit.FakeArchive;
import dev.bulwark.testkit.FakeDeb;
import dev.bulwark.testkit.TestKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small signed fake archive with a python-like closure, a spec that trusts its key, and a way to run the CLI
 * against both, capturing stdout, stderr and the exit code.
 */
final class FakeArchiveCli implements AutoCloseable {


    final TestKey key = TestKey.generate("Bulwark CLI Test <cli@example.invalid>");
    final FakeArchive archive;
    final Path dir;
    final Path cache;

    FakeArchiveCli(Path dir) throws IOException {
        this.dir = dir;
        this.cache = dir.resolve("cache");
        archive = FakeArchive.builder(key).archs("amd64", "arm64")
                .add("trixie", "main", FakeDeb.builder("python3", "3.13.5-1", "amd64")
                        .field("Depends", "python3.13 (>= 3.13.5), libpython3-stdlib (= 3.13.5-1)")
                        .field("Pre-Depends", "python3-minimal (= 3.13.5-1)").build())
                .add("trixie", "main", FakeDeb.builder("python3", "3.13.5-1", "arm64")
                        .field("Depends", "python3.13 (>= 3.13.5), libpython3-stdlib (= 3.13.5-1)")
                        .field("Pre-Depends", "python3-minimal (= 3.13.5-1)").build())
                .add("trixie", "main", FakeDeb.builder("python3-minimal", "3.13.5-1", "amd64")
                        .field("Pre-Depends", "dpkg (>= 1.13.20)").field("Depends", "python3.13-minimal (>= 3.13.5)").build())
                .add("trixie", "main", FakeDeb.builder("python3-minimal", "3.13.5-1", "arm64")
                        .field("Pre-Depends", "dpkg (>= 1.13.20)").field("Depends", "python3.13-minimal (>= 3.13.5)").build())
                .add("trixie", "main", deb("python3.13", "amd64", "python3.13-minimal, libc6 (>= 2.38)"))
                .add("trixie", "main", deb("python3.13", "arm64", "python3.13-minimal, libc6 (>= 2.38)"))
                .add("trixie", "main", deb("python3.13-minimal", "amd64", "libc6 (>= 2.38), zlib1g"))
                .add("trixie", "main", deb("python3.13-minimal", "arm64", "libc6 (>= 2.38), zlib1g"))
                .add("trixie", "main", FakeDeb.builder("libpython3-stdlib", "3.13.5-1", "amd64").build())
                .add("trixie", "main", FakeDeb.builder("libpython3-stdlib", "3.13.5-1", "arm64").build())
                .add("trixie", "main", FakeDeb.builder("libc6", "2.41-12", "amd64").field("Source", "glibc").build())
                .add("trixie", "main", FakeDeb.builder("libc6", "2.41-12", "arm64").field("Source", "glibc").build())
                .add("trixie-security", "main", FakeDeb.builder("libc6", "2.41-12+deb13u1", "amd64").field("Source", "glibc").build())
                .add("trixie-security", "main", FakeDeb.builder("libc6", "2.41-12+deb13u1", "arm64").field("Source", "glibc").build())
                .add("trixie", "main", FakeDeb.builder("zlib1g", "1:1.3.dfsg-3", "amd64").compression(Compression.ZSTD).build())
                .add("trixie", "main", FakeDeb.builder("zlib1g", "1:1.3.dfsg-3", "arm64").compression(Compression.GZIP).build())
                .add("trixie", "main", FakeDeb.builder("tzdata", "2025b-4", "all").field("Depends", "debconf (>= 0.5) | debconf-2.0").build())
                .add("trixie", "main", FakeDeb.builder("dpkg", "1.22.21", "amd64").build())
                .add("trixie", "main", FakeDeb.builder("dpkg", "1.22.21", "arm64").build())
                .add("trixie-updates", "main", FakeDeb.builder("tzdata", "2025b-0+deb13u1", "all").build())
                .start();
        Files.write(dir.resolve("archive.gpg"), key.publicKeyring());
    }

    private static FakeDeb deb(String name, String arch, String depends) {
        return FakeDeb.builder(name, "3.13.5-2", arch).field("Source", "python3.13").field("Depends", depends).build();
    }

    /** Writes a spec into the test directory and returns its path. */
    Path spec(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, body);
        return file;
    }

    Path pythonSpec() throws IOException {
        return spec("python3.yaml", """
                name: python3
                distribution: trixie
                archs: [amd64, arm64]
                keyrings: [archive.gpg]
                packages: [python3, tzdata]
                """);
    }

    CliRun run(String... args) {
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--mirror";
        all[args.length + 1] = archive.baseUrl().toString();
        all[args.length + 2] = "--cache";
        all[args.length + 3] = cache.toString();
        return runRaw(all);
    }

    static CliRun runRaw(String... args) {
        return CliRun.of(args);
    }

    @Override
    public void close() {
        archive.close();
    }
}
