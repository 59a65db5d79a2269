package dev.bulwark.builder.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.oci.Digest;
import dev.bulwark.spec.Spec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spec's directory source: what the host tree decides (names, modes, directories) is part of the layer cache key. */
class DirectorySourceBuildTest {
    private static final String SPEC = """
            name: app
            distribution: trixie
            suites: [trixie]
            keyrings: [archive.gpg]
            packages: [base-files]
            paths:
              - { path: /opt/app, type: directory, source: dist }
            """;

    @TempDir
    Path dir;

    @Test
    void build_warmCacheRebuildsTheLayerWhenADirectorySourceIsRenamedChmoddedOrGainsADirectory() throws Exception {
        try (FakeBuildWorld world = new FakeBuildWorld(dir)) {
            Path dist = Files.createDirectories(dir.resolve("dist"));
            Files.writeString(dist.resolve("a.sh"), "echo hi\n");
            Path warmCache = dir.resolve("warm");
            Digest first = digest(world, world.spec("app", SPEC), warmCache, "first");

            Files.move(dist.resolve("a.sh"), dist.resolve("b.sh"));
            Digest renamed = changed(world, warmCache, "renamed", first);
            assertThat(tree(world, "renamed")).containsKey("/opt/app/b.sh").doesNotContainKey("/opt/app/a.sh");

            Files.setPosixFilePermissions(dist.resolve("b.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
            Digest chmodded = changed(world, warmCache, "chmodded", renamed);
            assertThat(tree(world, "chmodded").get("/opt/app/b.sh")).startsWith("file 755 ");

            Files.createDirectories(dist.resolve("empty"));
            changed(world, warmCache, "dir", chmodded);
            assertThat(tree(world, "dir").get("/opt/app/empty")).startsWith("dir 755 ");
        }
    }

    /** Builds the re-read spec on the warm cache and checks it differs from {@code before} and equals a cold build. */
    private Digest changed(FakeBuildWorld world, Path warmCache, String name, Digest before) throws Exception {
        Spec spec = world.spec("app", SPEC);
        Digest warm = digest(world, spec, warmCache, name);
        Digest cold = digest(world, spec, dir.resolve("cold-" + name), name + "-cold");
        assertThat(warm).as(name).isNotEqualTo(before).isEqualTo(cold);
        return warm;
    }

    private Digest digest(FakeBuildWorld world, Spec spec, Path cache, String out) throws Exception {
        BuildResult built = world.build(spec, cache, List.of("amd64"), "oci:" + dir.resolve(out));
        return built.outputs().get(0).written().digest();
    }

    private Map<String, String> tree(FakeBuildWorld world, String out) throws Exception {
        return FakeBuildWorld.tree(new dev.bulwark.oci.transport.layout.LayoutSource(dir.resolve(out), null)
                .image(dev.bulwark.oci.Platform.fromDebianArch("amd64")));
    }
}
