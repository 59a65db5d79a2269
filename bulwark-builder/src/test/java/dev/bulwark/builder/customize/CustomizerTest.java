package dev.bulwark.builder.customize;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.builder.pipeline.BuildResult;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.transport.layout.LayoutSource;
import dev.bulwark.oci.validate.Validation;
import dev.bulwark.spec.Spec;
import dev.bulwark.spec.lock.Lockfile;
import dev.bulwark.spec.lock.LockfileCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomizerTest {

    @TempDir
    Path dir;

    private Spec app(CustomWorld world, String base) throws Exception {
        Files.writeString(dir.resolve("main.py"), "print('hello')\n");
        return world.spec("app", """
                name: app
                base: %s
                packages: [extra]
                accounts:
                  run-as: app
                  users: [{ name: app, uid: 10001 }]
                environment: { APP_MODE: production }
                entrypoint: [/usr/bin/extra, /app/main.py]
                paths:
                  - { path: /app, type: directory, uid: 10001, gid: 10001, mode: 0o750 }
                  - { path: /app/main.py, type: file, source: main.py, uid: 10001, gid: 10001 }
                annotations: { org.opencontainers.image.vendor: Example }
                """.formatted(base));
    }

    @Test
    void build_putsAddedPackagesAndFilesOnTopOfTheBaseLayersByteForByte() throws Exception {
        try (CustomWorld world = new CustomWorld(dir)) {
            BuildResult base = world.base();
            Spec app = app(world, "oci:" + dir.resolve("base") + ":latest");

            BuildResult first = world.build(app, false, "oci:" + dir.resolve("out1"));
            BuildResult second = world.build(app, false, "oci:" + dir.resolve("out2"));

            assertThat(first.manifests().keySet()).containsExactly("amd64", "arm64");
            assertThat(second.outputs().get(0).written().digest()).isEqualTo(first.outputs().get(0).written().digest());
            Validation.validate(new LayoutSource(dir.resolve("out1"), "latest"));
            for (String arch : List.of("amd64", "arm64")) {
                Image below = CustomWorld.image(dir.resolve("base"), arch);
                Image image = CustomWorld.image(dir.resolve("out1"), arch);
                List<Descriptor> lower = image.manifest().layers().subList(0, below.layers().size());
                assertThat(lower).isEqualTo(below.manifest().layers());
                assertThat(image.layers()).hasSize(below.layers().size() + 2); // extra, then accounts and paths
                assertThat(image.config().history()).hasSize(image.layers().size());
                assertThat(image.manifest().annotations())
                        .containsEntry(BaseImage.BASE_NAME, "oci:" + dir.resolve("base") + ":latest")
                        .containsEntry(BaseImage.BASE_DIGEST, below.digest().toString())
                        .containsEntry("org.opencontainers.image.title", "app")
                        .containsEntry("org.opencontainers.image.vendor", "Example");
                Map<String, String> tree = CustomWorld.tree(image);
                assertThat(tree).containsEntry("/app", "dir 750 10001:10001")
                        .containsEntry("/app/main.py", "file 644 10001:10001 15")
                        .containsEntry("/usr/bin/extra", "file 755 0:0 5")
                        .containsEntry("/home/app", "dir 700 10001:10001")
                        .containsKeys("/var/lib/dpkg/status.d/extra", "/usr/bin/tool");
                assertThat(CustomWorld.file(image, "/etc/passwd")).contains("nonroot:x:65532:")
                        .endsWith("app:x:10001:10001:app:/home/app:/sbin/nologin\n");
                assertThat(image.config().user()).isEqualTo("10001:10001");
                assertThat(image.config().env()).contains("LANG=C.UTF-8", "APP_MODE=production")
                        .anyMatch(e -> e.startsWith("PATH="));
                assertThat(image.config().entrypoint()).containsExactly("/usr/bin/extra", "/app/main.py");
                assertThat(image.config().created()).isEqualTo(below.config().created());
            }
            Lockfile lock = LockfileCodec.read(dir.resolve("app.yaml.lock.json"));
            assertThat(lock.version()).isEqualTo(2);
            assertThat(lock.base()).isEqualTo(new Lockfile.BaseImage("oci:" + dir.resolve("base") + ":latest",
                    base.outputs().get(0).written().digest().toString()));
            assertThat(lock.distribution()).isEqualTo("trixie");
            assertThat(lock.archs().get("amd64")).extracting(Lockfile.LockedPackage::name).containsExactly("extra");
            assertThat(first.outputs().get(0).written().index()).isNotNull();
            assertThat(new LayoutSource(dir.resolve("out1"), "latest").index().orElseThrow().annotations())
                    .containsEntry(BaseImage.BASE_DIGEST, base.outputs().get(0).written().digest().toString());
        }
    }

    @Test
    void build_customizesACustomizationNamedBySpecFile() throws Exception {
        try (CustomWorld world = new CustomWorld(dir)) {
            world.baseSpec();
            app(world, "tool.yaml");
            Spec outer = world.spec("outer", """
                    name: outer
                    base: app.yaml
                    archs: [amd64]
                    paths:
                      - { path: /app/config.ini, type: file, content: "mode=outer\\n", uid: 10001, gid: 10001 }
                    cmd: [--verbose]
                    """);

            BuildResult built = world.build(outer, false, "oci:" + dir.resolve("outer"));

            Image image = CustomWorld.image(dir.resolve("outer"), "amd64");
            assertThat(built.manifests().keySet()).containsExactly("amd64");
            assertThat(CustomWorld.tree(image)).containsKeys("/app/main.py", "/app/config.ini", "/usr/bin/extra",
                    "/usr/bin/tool");
            assertThat(image.config().entrypoint()).containsExactly("/usr/bin/extra", "/app/main.py");
            assertThat(image.config().cmd()).containsExactly("--verbose");
            assertThat(image.config().user()).isEqualTo("10001:10001");
            assertThat(image.manifest().annotations()).containsEntry(BaseImage.BASE_NAME, "app.yaml");
            assertThat(LockfileCodec.read(dir.resolve("outer.yaml.lock.json")).base().reference()).isEqualTo("app.yaml");
            assertThat(LockfileCodec.read(dir.resolve("outer.yaml.lock.json")).archs().get("amd64")).isEmpty();
            assertThat(dir.resolve("tool.yaml.lock.json")).exists();
            assertThat(dir.resolve("app.yaml.lock.json")).exists();
        }
    }

    @Test
    void build_keepsTheBasesSettingsForFieldsWrittenWithoutAValue() throws Exception {
        try (CustomWorld world = new CustomWorld(dir)) {
            world.build(world.spec("tool", new String(Files.readAllBytes(world.baseSpec().file()))
                    + "cmd: [--serve]\nworkdir: /usr\naccounts: { run-as: nobody }\n"), true, "oci:" + dir.resolve("base"));
            Spec spec = world.spec("app", "name: app\nbase: oci:" + dir.resolve("base") + ":latest\npackages: [extra]\n"
                    + "entrypoint:\ncmd:\nworkdir:\naccounts:\nenvironment:\nlabels:\n");

            world.build(spec, false, "oci:" + dir.resolve("out"));

            var config = CustomWorld.image(dir.resolve("out"), "amd64").config();
            assertThat(config.entrypoint()).containsExactly("/usr/bin/tool");
            assertThat(config.cmd()).containsExactly("--serve");
            assertThat(config.workingDir()).isEqualTo("/usr");
            assertThat(config.user()).isEqualTo("65534:65534");
            assertThat(config.env()).contains("LANG=C.UTF-8");
        }
    }

    @Test
    void build_givesANewUserTheHomeAnAddedPackageShipsAsADirectory() throws Exception {
        try (CustomWorld world = new CustomWorld(dir)) {
            world.base();
            Spec spec = world.spec("app", "name: app\nbase: oci:" + dir.resolve("base") + ":latest\npackages: [linky]\n"
                    + "accounts:\n  run-as: app\n  users:\n    - { name: app, uid: 10001, home: /etc/linky }\n");

            world.build(spec, false, "oci:" + dir.resolve("out"));

            // No maintainer script runs to hand the package's directory over, so the build makes it the user's.
            assertThat(CustomWorld.tree(CustomWorld.image(dir.resolve("out"), "amd64")).get("/etc/linky"))
                    .isEqualTo("dir 700 10001:10001");
        }
    }

    @Test
    void build_devVariantAddsAShellAndToolsUnderADevTagAndStaysNonRoot() throws Exception {
        try (CustomWorld world = new CustomWorld(dir)) {
            world.base();
            Spec devSpec = world.spec("tool-dev", "name: tool-dev\nbase: tool.yaml\nvariant: dev\narchs: [amd64]\n");

            BuildResult built = world.build(devSpec, false, "oci:" + dir.resolve("base"));

            assertThat(built.outputs().get(0).reference()).hasToString("oci:" + dir.resolve("base") + ":latest-dev");
            Image image = new LayoutSource(dir.resolve("base"), "latest-dev")
                    .image(Platform.fromDebianArch("amd64"));
            Image runtime = CustomWorld.image(dir.resolve("base"), "amd64"); // the runtime tag is left as it was
            assertThat(CustomWorld.tree(runtime)).doesNotContainKeys("/usr/bin/sh", "/usr/bin/dash");
            assertThat(CustomWorld.tree(image)).containsEntry("/usr/bin/sh", "symlink 777 0:0 -> dash")
                    .containsKeys("/usr/bin/dash", "/usr/bin/coreutils-tool", "/usr/bin/grep-tool",
                            "/var/lib/dpkg/status.d/dash");
            assertThat(image.manifest().annotations()).containsEntry(DevVariant.ANNOTATION, "dev");
            assertThat(image.config().user()).isEqualTo(runtime.config().user()).isEqualTo("65532:65532");
            assertThat(LockfileCodec.read(dir.resolve("tool-dev.yaml.lock.json")).archs().get("amd64"))
                    .extracting(Lockfile.LockedPackage::name).containsExactly("coreutils", "dash", "findutils", "grep");
        }
    }
}
