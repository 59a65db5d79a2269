package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.spec.Accounts;
import dev.bulwark.spec.PathEntry;
import dev.bulwark.spec.Spec;
import dev.bulwark.spec.SpecParser;
import dev.bulwark.spec.lock.Lockfile;
import dev.bulwark.spec.lock.LockfileCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/image/bulwark.yaml offline: its java base is examples/java.yaml and its lock byte for byte (one JRE to keep
 * patched), its lock pins that base by digest, it runs as a non-root user with the thin CLI jar as entrypoint, and it
 * copies the tree bulwark-cli packages as target/image (the jar and lib/, the folder the README copies it to).
 */
class OwnImageSpecTest {
    private static final Path IMAGE = Tools.projectRoot().resolve("deploy/image");

    @TempDir
    Path dir;

    /**
     * The spec parsed from a copy of deploy/image beside a stand-in for target/image (a fresh clone has none there:
     * the parser wants every source to exist).
     */
    private Spec parse() throws Exception {
        for (String f : new String[] {"bulwark.yaml", "java.yaml", "java.yaml.lock.json"}) {
            Files.copy(IMAGE.resolve(f), dir.resolve(f));
        }
        Files.createDirectories(dir.resolve("target/image/lib"));
        Files.writeString(dir.resolve("target/image/bulwark.jar"), "stand-in");
        Files.writeString(dir.resolve("target/image/lib/org.example.dep-1.0.jar"), "stand-in");
        Files.writeString(dir.resolve("target/image/lib/org.example.dep-1.0.pom"), "stand-in");
        return new SpecParser().parse(dir.resolve("bulwark.yaml"));
    }

    @Test
    void javaBase_isTheExampleJavaSpecAndLockByteForByte() throws Exception {
        for (String f : new String[] {"java.yaml", "java.yaml.lock.json"}) {
            assertThat(Files.readAllBytes(IMAGE.resolve(f))).as(f + ": copy examples/" + f + " here and re-lock "
                    + "deploy/image/bulwark.yaml").isEqualTo(Files.readAllBytes(Tools.projectRoot().resolve("examples/" + f)));
        }
    }

    @Test
    void lock_pinsTheJavaSpecBaseByDigestAndMatchesTheSpec() throws Exception {
        Spec spec = parse();
        Lockfile lock = LockfileCodec.read(IMAGE.resolve("bulwark.yaml.lock.json"));
        assertThat(Path.of(spec.base())).isEqualTo(dir.resolve("java.yaml").toRealPath());
        assertThat(Files.readString(IMAGE.resolve("bulwark.yaml.lock.json")))
                .contains("\"reference\" : \"java.yaml\"").containsPattern("\"digest\" : \"sha256:[0-9a-f]{64}\"")
                .contains(spec.sha256());
        assertThat(lock.version()).isEqualTo(2);
    }

    @Test
    void spec_runsTheCliJarAsANonRootUser() throws Exception {
        Spec spec = parse();
        Accounts.User user = spec.accounts().users().stream().filter(u -> u.name().equals(spec.accounts().runAs()))
                .findFirst().orElseThrow();
        assertThat(user.uid()).isGreaterThanOrEqualTo(1000);
        assertThat(spec.entrypoint()).startsWith("/usr/bin/java").endsWith("-jar", "/opt/bulwark/bulwark.jar");
        PathEntry jar = spec.paths().stream().filter(p -> p.path().equals("/opt/bulwark/bulwark.jar")).findFirst()
                .orElseThrow();
        assertThat(Path.of(jar.source())).isEqualTo(dir.resolve("target/image/bulwark.jar").toRealPath());
        assertThat(spec.paths()).filteredOn(p -> p.path().startsWith("/opt/bulwark/lib/"))
                .extracting(PathEntry::path, PathEntry::mode, PathEntry::uid)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/opt/bulwark/lib/org.example.dep-1.0.jar", 0644, 0),
                        org.assertj.core.groups.Tuple.tuple("/opt/bulwark/lib/org.example.dep-1.0.pom", 0644, 0));
        // Where bulwark-cli writes that tree (OwnImagePackagingIT checks what it holds).
        assertThat(Files.readString(Tools.projectRoot().resolve("bulwark-cli/pom.xml")))
                .contains("<outputDirectory>${project.build.directory}/image/lib</outputDirectory>")
                .contains("tofile=\"${project.build.directory}/image/bulwark.jar\"");
        for (String dir : new String[] {"BULWARK_CACHE", "XDG_DATA_HOME"}) {
            String path = spec.environment().get(dir);
            assertThat(spec.paths()).as(dir).anyMatch(p -> p.path().equals(path) && p.uid() == user.uid());
        }
    }
}
