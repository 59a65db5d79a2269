package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.image.components.Component;
import dev.bulwark.image.components.ComponentFinder;
import dev.bulwark.image.components.ImageComponents;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.image.Images;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.layer.ContentSource;
import dev.bulwark.oci.layer.LayerWriter;
import dev.bulwark.oci.layer.TarEntry;
import dev.bulwark.spec.PathEntry;
import dev.bulwark.spec.Spec;
import dev.bulwark.spec.SpecParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offline, after {@code package}: the files deploy/image/bulwark.yaml puts in the image (the spec's paths over a copy
 * of bulwark-cli's target/image) hold every runtime dependency Maven resolved for the CLI (target/image-dependencies.txt,
 * from {@code dependency:list}), and the component finder names each by its Maven coordinates and resolved version —
 * what the image's SBOMs list. The thin jar's Class-Path names exactly those jars, and it runs.
 */
class OwnImagePackagingIT {
    /** A {@code dependency:list} line: group:artifact:type[:classifier]:version:scope. */
    private static final Pattern DEPENDENCY =
            Pattern.compile("^\\s+([^:\\s]+):([^:\\s]+):([^:\\s]+)(?::([^:\\s]+))?:([^:\\s]+):(compile|runtime)\\b.*");
    private static final Path CLI = Tools.projectRoot().resolve("bulwark-cli/target");

    record Dependency(String group, String artifact, String classifier, String version) {
        String purl() {
            return "pkg:maven/" + group + "/" + artifact + "@" + version;
        }

        String file() {
            return group + "." + artifact + "-" + version + (classifier == null ? "" : "-" + classifier) + ".jar";
        }
    }

    @TempDir
    static Path dir;
    static List<Dependency> resolved;
    static Spec spec;
    static ImageComponents found;

    @BeforeAll
    static void imageFiles() throws Exception {
        assertThat(CLI.resolve("image/bulwark.jar")).as("Maven's package phase writes target/image before this IT")
                .isRegularFile();
        resolved = resolvedDependencies();
        Path image = dir.resolve("image");
        for (String f : List.of("bulwark.yaml", "java.yaml", "java.yaml.lock.json")) {
            Files.createDirectories(image);
            Files.copy(Tools.projectRoot().resolve("deploy/image/" + f), image.resolve(f));
        }
        copyTree(CLI.resolve("image"), image.resolve("target/image"));
        spec = new SpecParser().parse(image.resolve("bulwark.yaml"));
        List<TarEntry> entries = new ArrayList<>();
        for (PathEntry p : spec.paths()) {
            if (p.type() == PathEntry.Type.FILE) {
                Path source = Path.of(p.source());
                entries.add(TarEntry.file(p.path(), p.mode(), p.uid(), p.gid(), Files.size(source),
                        ContentSource.ofFile(source)));
            } else if (p.type() == PathEntry.Type.DIRECTORY) {
                entries.add(TarEntry.dir(p.path(), p.mode(), p.uid(), p.gid()));
            }
        }
        LayerWriter writer = new LayerWriter(dir.resolve("layers"), 1_700_000_000L, Compression.NONE);
        found = ComponentFinder.find(Images.assemble(ImageConfig.forPlatform(Platform.parse("linux/amd64")),
                List.of(writer.write(entries)), Map.of()));
    }

    /** The CLI's runtime dependencies as Maven resolved them for this build. */
    static List<Dependency> resolvedDependencies() throws IOException {
        List<Dependency> out = new ArrayList<>();
        for (String line : Files.readAllLines(CLI.resolve("image-dependencies.txt"))) {
            Matcher m = DEPENDENCY.matcher(line);
            if (m.matches()) {
                out.add(new Dependency(m.group(1), m.group(2), m.group(4), m.group(5)));
            }
        }
        assertThat(out).as("dependency:list output in " + CLI.resolve("image-dependencies.txt")).isNotEmpty();
        return out;
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.sorted().toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    @Test
    void resolved_holdsTheLibrariesThatShadingUsedToHide() {
        assertThat(resolved).extracting(Dependency::artifact).contains("bcprov-jdk18on", "picocli", "sqlite-jdbc",
                "postgresql", "jackson-databind", "cel", "bulwark-core");
        assertThat(resolved).hasSizeGreaterThan(40);
    }

    @Test
    void components_nameEveryResolvedDependencyByItsCoordinatesAndVersionInLib() {
        for (Dependency d : resolved) {
            assertThat(found.components()).as(d.purl())
                    .anyMatch(c -> c.purl().equals(d.purl()) && c.location().equals("/opt/bulwark/lib/" + d.file()));
        }
        String version = resolved.stream().filter(d -> d.artifact().equals("bulwark-core")).findFirst().orElseThrow()
                .version();
        assertThat(found.components()).extracting(Component::purl, Component::location)
                .contains(org.assertj.core.groups.Tuple.tuple("pkg:maven/dev.bulwark/bulwark-cli@" + version,
                        "/opt/bulwark/bulwark.jar"));
        // Each jar in lib/ is a resolved dependency, and is named (every one, not only those with pom.properties).
        TreeSet<String> jars = new TreeSet<>(spec.paths().stream().map(PathEntry::path)
                .filter(p -> p.startsWith("/opt/bulwark/lib/") && p.endsWith(".jar")).toList());
        assertThat(jars).containsExactlyInAnyOrderElementsOf(resolved.stream().map(d -> "/opt/bulwark/lib/" + d.file())
                .toList());
        assertThat(found.components()).extracting(Component::file).containsAll(jars);
    }

    @Test
    void thinJar_classPathNamesExactlyTheLibJarsAndRuns() throws Exception {
        String classPath;
        try (JarFile jar = new JarFile(CLI.resolve("image/bulwark.jar").toFile())) {
            classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class")).isEqualTo("dev.bulwark.cli.Main");
        }
        assertThat(List.of(classPath.split(" "))).containsExactlyInAnyOrderElementsOf(
                resolved.stream().map(d -> "lib/" + d.file()).toList());
        String thin = Processes.exec(Map.of(), null, Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", CLI.resolve("image/bulwark.jar").toString(), "--version");
        assertThat(thin.strip()).isEqualTo(CliRun.of("--version").out().strip()).startsWith("bulwark ");
    }

    @Test
    void imageJar_staysWhereMavenAttachedItAndTargetImageHoldsOnlyTheJarAndLib() throws Exception {
        String version = resolved.stream().filter(d -> d.artifact().equals("bulwark-core")).findFirst().orElseThrow()
                .version();
        // install and deploy read the attached classifier jar from here: moving it away would fail them.
        Path attached = CLI.resolve("bulwark-cli-" + version + "-image.jar");
        assertThat(attached).isRegularFile().hasSameBinaryContentAs(CLI.resolve("image/bulwark.jar"));
        try (Stream<Path> top = Files.list(CLI.resolve("image"))) {
            assertThat(top.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("bulwark.jar", "lib");
        }
    }
}
