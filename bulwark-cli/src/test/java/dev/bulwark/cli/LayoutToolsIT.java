package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A two-arch layout built on the fake archive, read by the real tools: skopeo run as another (unprivileged) user
 * reads the reference the build prints, and umoci unpacks each per-platform tag.
 */
class LayoutToolsIT {
    @TempDir
    Path dir;
    private FakeArchiveCli fake;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeArchiveCli(dir);
        // JUnit's temp dir is 0700; open it like any other user's home so only the layout's own modes matter.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void layoutBuiltByOneUser_skopeoAsAnotherUserInspectsThePrintedReference() throws Exception {
        Tools.require("skopeo");
        Tools.require("setpriv");
        String printed = build();
        List<String> cmd = new ArrayList<>();
        if (isRoot()) {
            cmd.addAll(List.of("setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups"));
        }
        cmd.addAll(List.of("skopeo", "inspect", printed));
        JsonNode inspect = new ObjectMapper().readTree(exec(cmd));
        assertThat(inspect.path("Architecture").asText()).isEqualTo("amd64");
        assertThat(inspect.path("Layers").size()).isPositive();
        JsonNode raw = new ObjectMapper().readTree(exec(List.of("skopeo", "inspect", "--raw", printed)));
        assertThat(raw.path("manifests")).hasSize(2);
    }

    @Test
    void twoArchLayout_umociUnpacksEachPerPlatformTag() throws Exception {
        Tools.require("umoci");
        String printed = build();
        String layout = printed.substring("oci:".length(), printed.lastIndexOf(':'));
        for (String arch : List.of("amd64", "arm64")) {
            Path bundle = dir.resolve("bundle-" + arch);
            exec(List.of("umoci", "unpack", "--image", layout + ":latest-" + arch, bundle.toString()));
            assertThat(bundle.resolve("rootfs/etc/passwd")).isRegularFile();
            assertThat(Files.readString(bundle.resolve("config.json"))).contains("65532");
        }
        JsonNode config = new ObjectMapper().readTree(exec(List.of("skopeo", "inspect", "--config",
                "oci:" + layout + ":latest-arm64")));
        assertThat(config.path("architecture").asText()).isEqualTo("arm64");
    }

    /** Builds python3 for two archs into an untagged oci: output and returns the reference the build printed. */
    private String build() throws Exception {
        Path layout = dir.resolve("out/python3");
        CliRun built = fake.run("build", fake.pythonSpec().toString(), "--output", "oci:" + layout);
        assertThat(built.exitCode()).as(built.err()).isZero();
        Matcher m = Pattern.compile("(?m)^(oci:\\S+)  index sha256:").matcher(built.out());
        assertThat(m.find()).as(built.out()).isTrue();
        assertThat(m.group(1)).isEqualTo("oci:" + layout + ":latest");
        assertThat(built.out()).contains("oci:" + layout + ":latest-amd64").contains("oci:" + layout + ":latest-arm64");
        return m.group(1);
    }

    static boolean isRoot() throws Exception {
        return "0".equals(exec(List.of("id", "-u")).strip());
    }

    static String exec(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
        return out;
    }
}
