package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.image.Images;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.layer.LayerWriter;
import dev.bulwark.oci.layer.TarEntry;
import dev.bulwark.oci.transport.layout.LayoutSink;
import dev.bulwark.oci.transport.ImageWrite;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text from a hostile image (package fields, config values, file names) and from advisories reaches the terminal
 * with its control characters escaped, in every text output; JSON outputs carry them as JSON escapes.
 */
class EscapedOutputTest {
    static final String ESC = "\u001b";
    static final String CLEAR = ESC + "[2J";
    static final String TITLE = ESC + "]0;pwned\u0007";

    @TempDir
    Path tmp;
    String ref;
    Path rootfs;

    @BeforeEach
    void hostileImage() throws Exception {
        String stanza = "Package: libfoo1\nVersion: 1.0-1\nArchitecture: amd64" + CLEAR + "\nSource: libfoo\n"
                + "Description: nice " + TITLE + "\n more " + CLEAR + "\n";
        String osRelease = "PRETTY_NAME=\"Debian " + CLEAR + "\"\nID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n";
        LayerWriter writer = new LayerWriter(tmp.resolve("layers"), 1_700_000_000L, Compression.GZIP);
        var layer = writer.write(List.of(TarEntry.dir("/etc", 0755, 0, 0), TarEntry.dir("/var", 0755, 0, 0),
                TarEntry.dir("/var/lib", 0755, 0, 0), TarEntry.dir("/var/lib/dpkg", 0755, 0, 0),
                TarEntry.dir("/var/lib/dpkg/status.d", 0755, 0, 0),
                TarEntry.file("/etc/os-release", 0644, osRelease.getBytes(StandardCharsets.UTF_8)),
                TarEntry.file("/var/lib/dpkg/status.d/libfoo1", 0644, stanza.getBytes(StandardCharsets.UTF_8))));
        ImageConfig base = ImageConfig.forPlatform(Platform.parse("linux/amd64"));
        ImageConfig config = new ImageConfig(base.architecture(), base.os(), null, null, "app" + CLEAR,
                List.of("PS1=" + TITLE), List.of("/bin/x" + CLEAR), null, "/srv\r/forged", Map.of("evil", "a\nfake: line" + CLEAR),
                List.of(), List.of());
        var image = Images.assemble(config, List.of(layer), Map.of());
        new LayoutSink(tmp.resolve("img"), "v1").write(ImageWrite.of(image));
        ref = "oci:" + tmp.resolve("img") + ":v1";
        rootfs = tmp.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("var/lib/dpkg/status.d"));
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/os-release"), osRelease);
        Files.writeString(rootfs.resolve("var/lib/dpkg/status.d/libfoo1"), stanza);
    }

    private static void assertNoControlCharacters(String text) {
        assertThat(text.chars().filter(c -> c < 0x20 && c != '\n' || c == 0x7f).boxed().toList())
                .as("control characters in:%n%s", text).isEmpty();
    }

    @Test
    void inspect_text_escapesConfigValuesAndPackageFields() {
        CliRun r = CliRun.of("inspect", ref);
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertNoControlCharacters(r.out());
        assertThat(r.out()).contains("user: app\\x1b[2J", "amd64\\x1b[2J", "env: PS1=\\x1b]0;pwned\\x07",
                "workdir: /srv\\r/forged", "label: evil=a\\nfake: line\\x1b[2J");
        assertThat(r.out().lines()).noneMatch(l -> l.startsWith("fake:"));
    }

    @Test
    void inspect_json_keepsTheValuesExactlyButAsJsonEscapes() throws Exception {
        CliRun r = CliRun.of("inspect", ref, "--format", "json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertNoControlCharacters(r.out());
        var json = new ObjectMapper().readTree(r.out()).path("images").get(0);
        assertThat(json.path("user").asText()).isEqualTo("app" + CLEAR);
        assertThat(json.path("packages").get(0).path("architecture").asText()).isEqualTo("amd64" + CLEAR);
    }

    @Test
    void scan_table_escapesPackageFieldsAndOsRelease() throws Exception {
        Path advisories = Files.writeString(tmp.resolve("tracker.json"), """
                {"libfoo": {"CVE-2099-0001": {"releases": {"bookworm": {"status": "open", "urgency": "low",
                  "nodsa": "Minor", "nodsa_reason": "postponed", "repositories": {"bookworm": "1.0-1"}}}}}}
                """);
        for (String target : List.of(ref, "--rootfs=" + rootfs)) {
            List<String> args = new java.util.ArrayList<>(List.of("scan", "--cache=" + tmp.resolve("cache")));
            if (target.startsWith("--rootfs")) {
                args.add(target);
            } else {
                args.add(1, target);
            }
            args.addAll(List.of("--advisories", advisories.toString()));
            CliRun r = CliRun.of(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(r.err()).isIn(0, 1);
            assertNoControlCharacters(r.out());
            assertNoControlCharacters(r.err());
            assertThat(r.out()).contains("Debian \\x1b[2J").contains("CVE-2099-0001");
        }
    }

    @Test
    void sbom_json_carriesHostileFieldsAsJsonEscapes() {
        for (String format : List.of("cyclonedx-json", "spdx-json")) {
            CliRun r = CliRun.of("sbom", ref, "--format", format);
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertNoControlCharacters(r.out());
            assertThat(r.out()).contains("libfoo1");
        }
    }

    @Test
    void inspect_errorNamingAHostileTag_isOneLineWithoutControlCharacters() throws Exception {
        Path index = tmp.resolve("img/index.json");
        String forged = "\nbulwark: verified OK" + CLEAR;
        String json = Files.readString(index).replace("\"v1\"", new ObjectMapper().writeValueAsString(forged));
        Files.writeString(index, json);
        for (String[] args : List.of(new String[] {"inspect", "oci:" + tmp.resolve("img") + ":nope"},
                new String[] {"inspect", "--debug", "oci:" + tmp.resolve("img") + ":nope"})) {
            CliRun r = CliRun.of(args);
            assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
            assertNoControlCharacters(r.err().replace("\t", ""));
            assertThat(r.err().lines()).noneMatch(l -> l.startsWith("bulwark: verified OK"));
            assertThat(r.err()).contains("\\nbulwark: verified OK\\x1b[2J");
            if (args.length == 2) {
                assertThat(r.err().lines()).hasSize(1);
            }
        }
    }

    @Test
    void referrers_text_escapesAHostileArtifactType() throws Exception {
        Path file = tmp.resolve("a.txt");
        Files.writeString(file, "hello");
        String hostile = "text/x\nforged: line" + CLEAR;
        CliRun attach = CliRun.of("referrers", ref, "--attach", file.toString(), "--artifact-type", hostile);
        assertThat(attach.exitCode()).as(attach.err()).isZero();
        CliRun r = CliRun.of("referrers", ref);
        assertThat(r.exitCode()).as(r.err()).isZero();
        for (String out : List.of(attach.out(), r.out())) {
            assertNoControlCharacters(out);
            assertThat(out).contains("text/x\\nforged: line\\x1b[2J");
            assertThat(out.lines()).noneMatch(l -> l.startsWith("forged:"));
        }
        CliRun json = CliRun.of("referrers", ref, "--format", "json");
        assertThat(new ObjectMapper().readTree(json.out()).at("/referrers/0/artifactType").asText()).isEqualTo(hostile);
    }
}
