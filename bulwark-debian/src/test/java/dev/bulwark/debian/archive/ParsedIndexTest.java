package dev.bulwark.debian.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.debian.control.RelationParseException;
import dev.bulwark.debian.resolve.PackageUniverse;
import dev.bulwark.debian.version.DebianVersion;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ParsedIndexTest {

    private static final List<String> SUITES = List.of("trixie", "trixie-updates", "trixie-security");
    private static final List<String> COMPONENTS = List.of("main", "contrib");

    @TempDir
    Path dir;

    private static ArchivePackage pkg(String name, String version, String provides) throws Exception {
        return pkg("trixie", "main", name, version, provides, "a".repeat(64));
    }

    private static ArchivePackage pkg(String suite, String component, String name, String version, String provides,
            String sha) throws Exception {
        return new ArchivePackage(name, DebianVersion.parse(version), "amd64", "src", DebianVersion.parse("1:2.0-1"),
                suite, component, "pool/main/s/src/" + name + ".deb", 1234, sha, "libc6 (>= 2.38)", "",
                provides, "", "", false, "same");
    }

    private PackageIndex writeAndOpen(List<ArchivePackage> packages, String suite, String component) throws Exception {
        Path file = ParsedIndex.pathFor(dir, String.format("%064x", Math.abs((suite + component).hashCode())));
        ParsedIndex.write(packages, file);
        return ParsedIndex.open(file, suite, component);
    }

    @Test
    void writeThenOpen_givesTheSamePackagesEvenWithHugeFields() throws Exception {
        String huge = "librust-x-dev (= 1.0), ".repeat(5000); // > 64 KiB, like real Rust -dev packages
        List<ArchivePackage> packages = List.of(pkg("a", "1.0-1", huge), pkg("b", "2:0.1~rc1-3", ""),
                pkg("zé-ünïcode", "1.0", "virtual-a"));
        PackageIndex index = writeAndOpen(packages, "trixie", "main");
        assertThat(index.all()).isEqualTo(packages);
        assertThat(index.named("a")).containsExactly(packages.get(0));
        assertThat(index.providing("librust-x-dev")).containsExactly(packages.get(0));
        assertThat(index.named("zé-ünïcode")).containsExactly(packages.get(2));
        assertThat(index.providing("virtual-a")).containsExactly(packages.get(2));
        assertThat(index.names()).containsExactlyInAnyOrder("a", "b", "zé-ünïcode");
        assertThat(index.malformedProvides()).isEmpty();
    }

    @Test
    void open_ofAnEmptyIndexFindsNothing() throws Exception {
        PackageIndex index = writeAndOpen(List.of(), "trixie", "main");
        assertThat(index.all()).isEmpty();
        assertThat(index.named("a")).isEmpty();
        assertThat(index.providing("a")).isEmpty();
        assertThat(index.names()).isEmpty();
    }

    @Test
    void open_givesTheSameValueForAPackageFoundByNameAndByWhatItProvides() throws Exception {
        PackageIndex index = writeAndOpen(List.of(pkg("mawk", "1.3.4", "awk")), "trixie", "main");
        assertThat(index.providing("awk").get(0)).isSameAs(index.named("mawk").get(0));
    }

    @Test
    void open_remembersTheFirstMalformedProvides() throws Exception {
        List<ArchivePackage> packages = List.of(pkg("a", "1", "ok"), pkg("b", "1", "bad ((("), pkg("c", "1", "also ((("));
        PackageIndex index = writeAndOpen(packages, "trixie", "main");
        assertThat(index.malformedProvides()).contains(packages.get(1));
        assertThat(index.providing("ok")).containsExactly(packages.get(0));
        assertThatThrownBy(() -> PackageUniverse.over("amd64", List.of(index), SUITES))
                .isInstanceOf(RelationParseException.class);
        assertThatThrownBy(() -> PackageUniverse.of("amd64", packages, SUITES))
                .isInstanceOf(RelationParseException.class).hasMessage(
                        catchMessage(() -> PackageUniverse.over("amd64", List.of(index), SUITES)));
    }

    private static String catchMessage(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        try {
            call.call();
            return null;
        } catch (Throwable t) {
            return t.getMessage();
        }
    }

    /** Damage a file may suffer: each makes {@link ParsedIndex#open} answer null, never wrong packages. */
    static List<UnaryOperator<byte[]>> damage() {
        return List.of(
                b -> Arrays.copyOf(b, b.length - 5), // truncated
                b -> Arrays.copyOf(b, 20), // truncated to less than a trailer
                b -> new byte[0], // empty
                b -> { // another format (the magic of the previous one)
                    byte[] c = b.clone();
                    ByteBuffer.wrap(c).putInt(0, 0x42574b32);
                    return c;
                },
                b -> { // one bit flipped in a record
                    byte[] c = b.clone();
                    c[40] ^= 1;
                    return c;
                },
                b -> { // one bit flipped in the name table
                    byte[] c = b.clone();
                    c[c.length - 60] ^= 0x10;
                    return c;
                },
                b -> { // bytes appended
                    byte[] c = Arrays.copyOf(b, b.length + 3);
                    return c;
                });
    }

    @ParameterizedTest
    @MethodSource("damage")
    void open_ignoresADamagedFile(UnaryOperator<byte[]> damage) throws Exception {
        Path file = ParsedIndex.pathFor(dir, "e".repeat(64));
        ParsedIndex.write(List.of(pkg("a", "1.0-1", "x"), pkg("b", "2.0", "")), file);
        assertThat(ParsedIndex.open(file, "trixie", "main")).isNotNull();
        Files.write(file, damage.apply(Files.readAllBytes(file)));
        assertThat(ParsedIndex.open(file, "trixie", "main")).isNull();
    }

    @Test
    void open_ofAMissingFileIsNull() {
        assertThat(ParsedIndex.open(dir.resolve("none.b3"), "trixie", "main")).isNull();
    }

    @Test
    void lazyUniverse_answersExactlyAsTheEagerOneIncludingOrder() throws Exception {
        Random random = new Random(13);
        List<ArchivePackage> everything = new ArrayList<>();
        List<PackageIndex> indexes = new ArrayList<>();
        // Few names and versions, so ties (same version in two suites or components, 1.01 vs 1.1) are common.
        String[] names = {"libc6", "awk", "mawk", "gawk", "python3", "libssl3t64", "mail-transport-agent", "exim4"};
        String[] versions = {"1.0", "1.01", "1.1", "2:0.9", "1.0-1", "1.0-1+deb13u1", "0:1.0"};
        for (String suite : SUITES) {
            for (String component : COMPONENTS) {
                List<ArchivePackage> index = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    String provides = switch (random.nextInt(5)) {
                        case 0 -> "";
                        case 1 -> names[random.nextInt(names.length)];
                        case 2 -> "awk, awk (= 1.0), " + names[random.nextInt(names.length)] + " (= "
                                + versions[random.nextInt(versions.length)] + ")";
                        case 3 -> "mail-transport-agent, virtual-" + random.nextInt(3);
                        default -> "virtual-" + random.nextInt(3) + " (= 1)";
                    };
                    index.add(pkg(suite, component, names[random.nextInt(names.length)],
                            versions[random.nextInt(versions.length)], provides, String.format("%064x", random.nextInt(4))));
                }
                everything.addAll(index);
                indexes.add(writeAndOpen(index, suite, component));
            }
        }
        PackageUniverse eager = PackageUniverse.of("amd64", everything, SUITES);
        PackageUniverse lazy = PackageUniverse.over("amd64", indexes, SUITES);
        TreeSet<String> asked = new TreeSet<>(Arrays.asList(names));
        asked.addAll(List.of("virtual-0", "virtual-1", "virtual-2", "nothing", ""));
        for (String name : asked) {
            assertThat(lazy.candidates(name)).as(name).containsExactlyElementsOf(eager.candidates(name));
            assertThat(lazy.providers(name)).as(name).containsExactlyElementsOf(eager.providers(name));
            assertThat(lazy.knows(name)).as(name).isEqualTo(eager.knows(name));
        }
        assertThat(lazy.candidates("awk")).isNotEmpty();
        assertThat(lazy.providers("awk")).hasSizeGreaterThan(2);
        assertThat(lazy.names()).isEqualTo(eager.names());
        assertThat(lazy.size()).isEqualTo(eager.size()).isEqualTo(everything.size());
    }
}
