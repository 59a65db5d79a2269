package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {

    private static final String ADVISORIES = """
            {"libfoo": {
              "CVE-2099-0001": {"releases": {"bookworm": {"status": "open", "urgency": "low", "nodsa": "Minor issue",
                                 "nodsa_reason": "postponed", "repositories": {"bookworm": "1.0-1"}}}},
              "CVE-2099-0005": {"releases": {"bookworm": {"status": "resolved", "fixed_version": "1.0-1+deb12u2",
                                 "urgency": "high", "repositories": {"bookworm": "1.0-1", "bookworm-security": "1.0-1+deb12u3"}}}},
              "CVE-2099-0009": {"releases": {"bookworm": {"status": "resolved", "fixed_version": "0",
                                 "urgency": "unimportant", "repositories": {"bookworm": "1.0-1"}}}}},
             "gone": {"CVE-2099-0100": {"releases": {"bookworm": {"status": "open", "urgency": "high"}}}}}
            """;

    @TempDir
    Path tmp;
    Path advisories;
    String ref;


    CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add(1, "--cache=" + tmp.resolve("cache"));
        return CliRun.of(all.toArray(String[]::new));
    }

    private static TarEntry file(String path, String text) {
        return TarEntry.file(path, 0644, text.getBytes(StandardCharsets.UTF_8));
    }

    @BeforeEach
    void image() throws Exception {
        advisories = Files.writeString(tmp.resolve("tracker.json"), ADVISORIES);
        LayerWriter writer = new LayerWriter(tmp.resolve("layers"), 1_700_000_000L, Compression.GZIP);
        var base = writer.write(List.of(TarEntry.dir("/etc", 0755, 0, 0), TarEntry.dir("/var", 0755, 0, 0),
                TarEntry.dir("/var/lib", 0755, 0, 0), TarEntry.dir("/var/lib/dpkg", 0755, 0, 0),
                TarEntry.dir("/var/lib/dpkg/status.d", 0755, 0, 0),
                file("/etc/os-release", "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n"
                        + "VERSION_CODENAME=bookworm\n"),
                file("/var/lib/dpkg/status.d/libfoo1", "Package: libfoo1\nVersion: 1.0-1\nArchitecture: amd64\n"
                        + "Source: libfoo\n"),
                file("/var/lib/dpkg/status.d/gone", "Package: gone\nVersion: 1\nArchitecture: amd64\n")));
        var app = writer.write(List.of(TarEntry.dir("/var/lib/dpkg/status.d", 0755, 0, 0),
                file("/var/lib/dpkg/status.d/.wh.gone", "")));
        var image = Images.assemble(ImageConfig.forPlatform(Platform.parse("linux/amd64")), List.of(base, app), Map.of());
        new LayoutSink(tmp.resolve("app"), "v1").write(ImageWrite.of(image));
        ref = "oci:" + tmp.resolve("app") + ":v1";
    }

    @Test
    void advisoriesUpdate_withoutFromOrConfiguredSource_isBadInputNamingTheSetting() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("BULWARK_TRACKER_URL") == null,
                "BULWARK_TRACKER_URL is set in this environment");
        CliRun r = CliRun.of("advisories", "--cache", tmp.resolve("cache").toString(), "update");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("BULWARK_TRACKER_URL").contains("--from");
    }

    @Test
    void scan_table_showsFindingsWithFixSuite_andHonoursWhiteouts() {
        CliRun r = run("scan", ref, "--advisories", advisories.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("CVE-2099-0005").contains("bookworm-security").contains("postponed")
                .doesNotContain("CVE-2099-0009").doesNotContain("CVE-2099-0100");
    }

    @Test
    void scan_failOn_exitsOneAtOrAboveThreshold() {
        assertThat(run("scan", ref, "--advisories", advisories.toString(), "--fail-on", "high").exitCode()).isEqualTo(1);
        assertThat(run("scan", ref, "--advisories", advisories.toString(), "--fail-on", "critical").exitCode()).isZero();
        assertThat(run("scan", ref, "--advisories", advisories.toString(), "--fail-on", "severe").exitCode()).isEqualTo(2);
    }

    @Test
    void scan_failOnLow_exitsOneOnAFixableFindingOfUnknownSeverity_unlessIgnoreUnknown() throws Exception {
        Path unknown = Files.writeString(tmp.resolve("unknown.json"), """
                {"libfoo": {"CVE-2099-0200": {"releases": {"bookworm": {"status": "resolved",
                  "fixed_version": "1.0-1+deb12u1", "urgency": "not yet assigned",
                  "repositories": {"bookworm": "1.0-1", "bookworm-security": "1.0-1+deb12u1"}}}}}}
                """);
        CliRun failed = run("scan", ref, "--advisories", unknown.toString(), "--fail-on", "low");
        assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(1);
        assertThat(failed.err()).contains("1 findings at or above low or of unknown severity");
        assertThat(run("scan", ref, "--advisories", unknown.toString(), "--fail-on", "critical").exitCode()).isEqualTo(1);
        assertThat(run("scan", ref, "--advisories", unknown.toString(), "--fail-on", "low", "--ignore-unknown").exitCode())
                .isZero();
    }

    @Test
    void scan_vex_suppresses_andShowSuppressedListsJustification() throws Exception {
        String digest = Files.readString(tmp.resolve("app/index.json")).replaceAll("(?s).*\"digest\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        Path vex = Files.writeString(tmp.resolve("app.vex.json"), """
                {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "urn:test:vex", "author": "t",
                 "timestamp": "2026-11-23T00:00:00Z", "version": 1,
                 "statements": [{"vulnerability": {"name": "CVE-2099-0005"},
                   "products": [{"@id": "pkg:oci/app@%s", "subcomponents": [{"@id": "pkg:deb/debian/libfoo1"}]}],
                   "status": "not_affected", "justification": "vulnerable_code_not_in_execute_path"}]}
                """.formatted(digest.replace(":", "%3A")));
        CliRun hidden = run("scan", ref, "--advisories", advisories.toString(), "--vex", vex.toString(), "--fail-on", "high");
        assertThat(hidden.exitCode()).as(hidden.out() + hidden.err()).isZero();
        assertThat(hidden.out()).doesNotContain("CVE-2099-0005").contains("1 suppressed by VEX");
        CliRun shown = run("scan", ref, "--advisories", advisories.toString(), "--vex", vex.toString(), "--show-suppressed");
        assertThat(shown.out()).contains("Suppressed by VEX:").contains("CVE-2099-0005")
                .contains("vulnerable_code_not_in_execute_path");
    }

    @Test
    void scan_sarifAndJsonAndCycloneDx_areWellFormed() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode sarif = mapper.readTree(run("scan", ref, "--advisories", advisories.toString(), "--format", "sarif").out());
        assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
        JsonNode json = mapper.readTree(run("scan", ref, "--advisories", advisories.toString(), "--format", "json").out());
        assertThat(json.path("release").asText()).isEqualTo("bookworm");
        assertThat(json.path("packages").asInt()).isEqualTo(1);
        JsonNode bom = mapper.readTree(run("scan", ref, "--advisories", advisories.toString(), "--format", "cyclonedx").out());
        assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
    }

    @Test
    void vex_writesDebianStatements() throws Exception {
        CliRun r = run("vex", ref, "--advisories", advisories.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.path("@context").asText()).isEqualTo("https://openvex.dev/ns/v0.2.0");
        List<String> statements = new ArrayList<>();
        doc.path("statements").forEach(s -> statements.add(s.path("vulnerability").path("name").asText() + " "
                + s.path("status").asText()));
        assertThat(statements).containsExactly("CVE-2099-0001 affected", "CVE-2099-0009 not_affected");
    }

    @Test
    void advisories_updateThenScanUsesTheStoredDatabase() {
        CliRun update = run("advisories", "update", "--from", advisories.toString());
        assertThat(update.exitCode()).as(update.err()).isZero();
        assertThat(update.out()).contains("advisory database updated: tracker_json from " + advisories);
        assertThat(run("advisories", "show").out()).contains("tracker_json from " + advisories);
        CliRun scan = run("scan", ref);
        assertThat(scan.out()).contains("CVE-2099-0005").contains("advisories: db (tracker-json from " + advisories)
                .contains(", 0 min old)");
    }

    @Test
    void scan_withoutTarget_isBadInput() {
        assertThat(run("scan", "--advisories", advisories.toString()).exitCode()).isEqualTo(2);
    }
}
