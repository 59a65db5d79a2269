package dev.bulwark.builder.customize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.spec.Spec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad customization is refused with the spec line it comes from, and nothing is written. */
class CustomizeRefusalsTest {

    @TempDir
    Path dir;

    private void refused(CustomWorld world, Spec spec, String... parts) {
        Path out = dir.resolve("out");
        assertThatThrownBy(() -> world.build(spec, false, "oci:" + out))
                .isInstanceOfSatisfying(BulwarkException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_INPUT))
                .hasMessageContainingAll(parts);
        assertThat(out).doesNotExist();
    }

    private String base() {
        return "oci:" + dir.resolve("base") + ":latest";
    }

    @Test
    void build_refusesRegistryBaseNamedByTagAlone() throws Exception {
        try (CustomWorld world = new CustomWorld(dir)) {
            Spec spec = world.spec("app", "name: app\nbase: docker://127.0.0.1:1/tool:1\npackages: [extra]\n");
            refused(world, spec, "app.yaml:2)", "pin it by digest", "--allow-unpinned-base");
        }
    }

    @Test
    void build_refusesBaseWithoutBulwarkProvenance() throws Exception {
        try (CustomWorld world = new CustomWorld(dir)) {
            world.build(world.baseSpec(), false, "oci:" + dir.resolve("base")); // no provenance attached
            Spec spec = world.spec("app", "name: app\nbase: " + base() + "\npackages: [extra]\n");
            refused(world, spec, "app.yaml:2)", "not a Bulwark image", "no SLSA provenance");
        }
    }

    @Test
    void build_refusesBaseOfAnotherDistributionThanItsLock() throws Exception {
        try (CustomWorld world = new CustomWorld(dir, "bookworm")) {
            world.base();
            Spec spec = world.spec("app", "name: app\nbase: " + base() + "\npackages: [extra]\n");
            refused(world, spec, "app.yaml:2)", "is Debian bookworm", "resolves from trixie");
        }
    }

    @Test
    void build_refusesPathTheBaseHasNamingItsPackage() throws Exception {
        try (CustomWorld world = new CustomWorld(dir)) {
            world.base();
            Spec spec = world.spec("app", "name: app\nbase: " + base() + "\npaths:\n"
                    + "  - { path: /app, type: directory }\n  - { path: /usr/bin/tool, type: file, content: x }\n");
            refused(world, spec, "/usr/bin/tool (", "app.yaml:5)", "package tool");
        }
    }

    @Test
    void build_refusesAFileOfADirectorySourceTheBaseHasAtTheDirectoryEntrysLine() throws Exception {
        try (CustomWorld world = new CustomWorld(dir)) {
            world.base();
            java.nio.file.Files.createDirectories(dir.resolve("bin"));
            java.nio.file.Files.writeString(dir.resolve("bin/tool"), "mine");
            Spec spec = world.spec("app", "name: app\nbase: " + base() + "\npaths:\n"
                    + "  - { path: /app, type: directory }\n  - { path: /usr/bin, type: directory, source: bin }\n");
            refused(world, spec, "/usr/bin/tool (", "app.yaml:5)", "package tool");
        }
    }

    @Test
    void build_refusesASpecFileBelowASymlinkOfAnAddedPackage() throws Exception {
        try (CustomWorld world = new CustomWorld(dir)) {
            world.base();
            Spec spec = world.spec("app", "name: app\nbase: " + base() + "\npackages: [linky]\npaths:\n"
                    + "  - { path: /usr/lib/linky/conf/linky.conf, type: file, content: \"secure=no\\n\" }\n");
            refused(world, spec, "cannot add /usr/lib/linky/conf/linky.conf (", "app.yaml:5)",
                    "/usr/lib/linky/conf is a symlink in added package linky=1.0-1", "use the path it points to");
        }
    }

    @Test
    void build_refusesAHomeDirectoryBelowASymlinkOfAnAddedPackage() throws Exception {
        try (CustomWorld world = new CustomWorld(dir)) {
            world.base();
            Spec spec = world.spec("app", "name: app\nbase: " + base() + "\npackages: [linky]\naccounts:\n"
                    + "  users:\n    - { name: app, uid: 1000, home: /usr/lib/linky/conf/app }\n");
            refused(world, spec, "cannot add the generated /usr/lib/linky/conf/app (", "app.yaml:4)",
                    "/usr/lib/linky/conf is a symlink in added package linky=1.0-1");
        }
    }

    @Test
    void parse_refusesAFileBelowTheCustomizationsOwnLinkSpeltThroughLib() throws Exception {
        try (CustomWorld world = new CustomWorld(dir)) {
            assertThatThrownBy(() -> world.spec("app", "name: app\nbase: " + base() + "\npaths:\n"
                    + "  - { path: /usr/lib/l, type: symlink, target: /etc }\n"
                    + "  - { path: /lib/l/passwd, type: file, content: \"root::0:0::/:/bin/sh\\n\" }\n"))
                    .isInstanceOf(dev.bulwark.spec.SpecException.class)
                    .hasMessageContainingAll("app.yaml:5:5", "path '/lib/l/passwd' lies below /usr/lib/l");
        }
    }

    @Test
    void build_refusesAddedPackageShippingABaseFile() throws Exception {
        try (CustomWorld world = new CustomWorld(dir)) {
            world.base();
            Spec spec = world.spec("app", "name: app\nbase: " + base() + "\npackages:\n  - extra\n  - clashing\n");
            refused(world, spec, "clashing=1.0-1 (", "app.yaml:5)", "/usr/bin/tool", "package tool");
        }
    }

    @Test
    void build_refusesAccountsWhoseIdOrNameTheBaseHasOtherwise() throws Exception {
        try (CustomWorld world = new CustomWorld(dir)) {
            world.build(world.spec("tool", new String(java.nio.file.Files.readAllBytes(world.baseSpec().file()))
                    + "accounts: { users: [{ name: svc, uid: 2000 }] }\n"), true, "oci:" + dir.resolve("base"));
            Spec uid = world.spec("app", "name: app\nbase: " + base() + "\naccounts:\n"
                    + "  run-as: other\n  users:\n    - { name: other, uid: 2000, gid: 2100 }\n");
            refused(world, uid, "cannot add user other (uid 2000, ", "app.yaml:6)", "uid 2000 as user svc");
            Spec name = world.spec("app", "name: app\nbase: " + base() + "\naccounts:\n"
                    + "  users:\n    - { name: svc, uid: 2001 }\n");
            refused(world, name, "cannot add user svc (uid 2001, ", "app.yaml:5)", "user svc with uid 2000");
        }
    }

    @Test
    void build_refusesABaseUserDeclaredAgainWithOtherFields() throws Exception {
        try (CustomWorld world = new CustomWorld(dir)) {
            world.base();
            Spec spec = world.spec("app", "name: app\nbase: " + base() + "\naccounts:\n  users:\n"
                    + "    - { name: nonroot, uid: 65532, gid: 0, home: /srv/app, shell: /bin/false }\n");
            refused(world, spec, "cannot declare user nonroot again (", "app.yaml:5)", "the base has it with gid 65532, "
                    + "the spec with gid 0", "write gid 65532, home /home/nonroot and shell /sbin/nologin");
            Spec same = world.spec("app", "name: app\nbase: " + base() + "\naccounts:\n  users:\n"
                    + "    - { name: nonroot, uid: 65532, home: /home/nonroot }\n");
            world.build(same, false, "oci:" + dir.resolve("same")); // the base's user as it is is fine
        }
    }

    @Test
    void build_refusesDowngradeOfABasePackageNamingBoth() throws Exception {
        try (CustomWorld world = new CustomWorld(dir)) {
            world.base();
            Spec spec = world.spec("app", "name: app\nbase: " + base() + "\npackages: [extra, libc6=2.40-1]\n");
            refused(world, spec, "cannot add libc6=2.40-1 (", "app.yaml:3)", "has libc6=2.41-12", "downgrade");
        }
    }

    @Test
    void build_refusesPackageNeedingAnotherVersionOfABasePackage() throws Exception {
        try (CustomWorld world = new CustomWorld(dir)) {
            world.base();
            Spec spec = world.spec("app", "name: app\nbase: " + base() + "\npackages:\n  - extra\n  - needs-new-libc\n");
            refused(world, spec, "cannot add needs-new-libc (", "app.yaml:5)", "Depends 'libc6 (>= 2.42)'",
                    "has libc6=2.41-12");
        }
    }

    @Test
    void build_refusesLockMadeAgainstABaseThatHasSinceMoved() throws Exception {
        try (CustomWorld world = new CustomWorld(dir)) {
            world.base();
            Spec spec = world.spec("app", "name: app\nbase: " + base() + "\npackages: [extra]\n");
            world.build(spec, false, "oci:" + dir.resolve("first"));
            java.nio.file.Files.delete(dir.resolve("tool.yaml.lock.json"));
            world.build(world.spec("tool", new String(java.nio.file.Files.readAllBytes(dir.resolve("tool.yaml")))
                    + "labels: { rebuilt: \"yes\" }\n"), true, "oci:" + dir.resolve("base"));
            refused(world, spec, "the lock pins base", "bulwark lock");
        }
    }
}
