package dev.bulwark.cli;

import dev.bulwark.attest.keys.Keys;
import dev.bulwark.attest.keys.Pem;
import dev.bulwark.attest.keys.SigningKey;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.ImageConfig;
import dev.bulwark.oci.image.Images;
import dev.bulwark.oci.layer.Compression;
import dev.bulwark.oci.layer.LayerWriter;
import dev.bulwark.oci.layer.TarEntry;
import dev.bulwark.oci.transport.layout.LayoutSink;
import dev.bulwark.oci.transport.ImageWrite;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** sign, attest, verify, verify-attestation and sbom on an oci: layout, with an unencrypted PKCS#8 key. */
class EvidenceCommandsTest {
    @TempDir
    Path dir;
    private String layout;


    private CliRun run(String... args) {
        return CliRun.of(args);
    }

    @BeforeEach
    void image() throws Exception {
        LayerWriter writer = new LayerWriter(Files.createDirectories(dir.resolve("tmp")), 0, Compression.GZIP);
        var layer = writer.write(List.of(TarEntry.dir("/etc", 0755, 0, 0),
                TarEntry.file("/etc/os-release", 0644, "ID=debian\nVERSION_ID=\"13\"\n".getBytes(StandardCharsets.UTF_8)),
                TarEntry.dir("/var", 0755, 0, 0), TarEntry.dir("/var/lib", 0755, 0, 0),
                TarEntry.dir("/var/lib/dpkg", 0755, 0, 0), TarEntry.dir("/var/lib/dpkg/status.d", 0755, 0, 0),
                TarEntry.file("/var/lib/dpkg/status.d/base-files", 0644, ("Package: base-files\nVersion: 13.8\n"
                        + "Architecture: amd64\nMaintainer: Santiago Vila <sanvila@debian.org>\n")
                        .getBytes(StandardCharsets.UTF_8))));
        Image img = Images.assemble(ImageConfig.forPlatform(Platform.parse("linux/amd64")), List.of(layer), Map.of());
        new LayoutSink(dir.resolve("layout"), "1").write(ImageWrite.of(img));
        layout = "oci:" + dir.resolve("layout") + ":1";
        SecureRandom random = new SecureRandom();
        SigningKey key = Keys.generate(random);
        Files.writeString(dir.resolve("k.key"), new Pem("PRIVATE KEY", key.privateKey().getEncoded()).encode());
        Files.writeString(dir.resolve("k.pub"), Keys.encodePublic(key.publicKey()));
        Files.writeString(dir.resolve("other.pub"), Keys.encodePublic(Keys.generate(random).publicKey()));
    }

    @Test
    void signThenVerify_passesWithTheKeyAndExitsOneWithAnother() {
        assertThat(run("verify", layout, "--key", dir.resolve("k.pub").toString()).exitCode()).isEqualTo(1);
        CliRun sign = run("sign", layout, "--key", dir.resolve("k.key").toString());
        assertThat(sign.exitCode()).as(sign.err()).isZero();

        CliRun ok = run("verify", layout, "--key", dir.resolve("k.pub").toString());
        CliRun bad = run("verify", layout, "--key", dir.resolve("other.pub").toString());

        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("1 valid signature");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("cannot verify sha256:");
    }

    @Test
    void verify_namesTheKeyFileItChecked() {
        CliRun sign = run("sign", layout, "--key", dir.resolve("k.key").toString());
        assertThat(sign.exitCode()).as(sign.err()).isZero();
        CliRun ok = run("verify", layout, "--key", dir.resolve("k.pub").toString());
        assertThat(ok.out()).contains("1 valid signature(s) by " + dir.resolve("k.pub") + "; ");
    }

    @Test
    void attestThenVerifyAttestation_checksTheType() throws Exception {
        Path sbom = dir.resolve("sbom.json");
        CliRun s = run("sbom", layout, "--format", "cyclonedx-json", "-o", sbom.toString());
        assertThat(s.exitCode()).as(s.err()).isZero();
        assertThat(Files.readString(sbom)).contains("pkg:deb/debian/base-files@13.8?arch=amd64&distro=debian-13");

        CliRun attest = run("attest", layout, "--key", dir.resolve("k.key").toString(), "--type", "cyclonedx",
                "--predicate", sbom.toString());
        assertThat(attest.exitCode()).as(attest.err()).isZero();

        CliRun ok = run("verify-attestation", layout, "--key", dir.resolve("k.pub").toString(), "--type", "cyclonedx");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("\"predicateType\":\"https://cyclonedx.org/bom\"");
        assertThat(run("verify-attestation", layout, "--key", dir.resolve("k.pub").toString(), "--type", "spdxjson")
                .exitCode()).isEqualTo(1);
        assertThat(run("verify-attestation", layout, "--key", dir.resolve("k.pub").toString(), "--type", "nonsense")
                .exitCode()).isEqualTo(2);
    }

    @Test
    void vexThenAttest_attachesDebiansStatementsAsAnOpenVexAttestation() throws Exception {
        Files.writeString(dir.resolve("tracker.json"), """
                {"base-files": {"CVE-2099-0001": {"releases": {"trixie": {"status": "resolved", "fixed_version": "0",
                  "urgency": "low", "repositories": {"trixie": "13.8"}}}}}}
                """);
        CliRun vex = run("vex", layout, "--release", "trixie", "--advisories", dir.resolve("tracker.json").toString(),
                "--output", dir.resolve("vex.json").toString());
        assertThat(vex.exitCode()).as(vex.err()).isZero();
        assertThat(Files.readString(dir.resolve("vex.json"))).contains("CVE-2099-0001").contains("not_affected");
        CliRun attest = run("attest", layout, "--key", dir.resolve("k.key").toString(), "--type", "openvex", "--predicate",
                dir.resolve("vex.json").toString());
        assertThat(attest.exitCode()).as(attest.err()).isZero();
        CliRun verified = run("verify-attestation", layout, "--key", dir.resolve("k.pub").toString(), "--type", "openvex");
        assertThat(verified.exitCode()).as(verified.err()).isZero();
        assertThat(verified.out()).contains("CVE-2099-0001");
    }

    @Test
    void sign_refusesArchives() {
        CliRun r = run("sign", "docker-archive:" + dir.resolve("x.tar"), "--key", dir.resolve("k.key").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("only oci: layouts and registries");
    }

    @Test
    void sbom_ofAMultiArchImage_followsTheScanRule_thisMachinesPlatformElseAClearError() throws Exception {
        String host = dev.bulwark.image.ImageSources.hostArch();
        String other = host.equals("amd64") ? "arm64" : "amd64";
        Path multi = dir.resolve("multi");
        List<Image> images = new java.util.ArrayList<>();
        for (String arch : List.of(host, "s390x")) {
            LayerWriter writer = new LayerWriter(Files.createDirectories(dir.resolve("w-" + arch)), 0, Compression.GZIP);
            var layer = writer.write(List.of(TarEntry.dir("/etc", 0755, 0, 0), TarEntry.file("/etc/os-release", 0644,
                    "ID=debian\nVERSION_ID=\"13\"\n".getBytes(StandardCharsets.UTF_8))));
            images.add(Images.assemble(ImageConfig.forPlatform(Platform.parse("linux/" + arch)), List.of(layer), Map.of()));
        }
        new LayoutSink(multi, "1").write(new ImageWrite(images, Map.of()));
        CliRun picked = run("sbom", "oci:" + multi + ":1", "--format", "spdx-json");
        assertThat(picked.exitCode()).as(picked.err()).isZero();
        assertThat(picked.out()).contains(images.get(0).digest().hex());

        Path foreign = dir.resolve("foreign");
        new LayoutSink(foreign, "1").write(new ImageWrite(List.of(images.get(1), Images.assemble(
                ImageConfig.forPlatform(Platform.parse("linux/" + (other.equals("amd64") ? "ppc64le" : "riscv64"))),
                images.get(1).layers(), Map.of())), Map.of()));
        CliRun refused = run("sbom", "oci:" + foreign + ":1");
        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("cannot pick an image for this machine").contains("linux/s390x")
                .contains("--platform");
    }
}
