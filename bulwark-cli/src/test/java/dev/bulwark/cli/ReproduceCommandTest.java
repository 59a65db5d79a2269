package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.attest.keys.Keys;
import dev.bulwark.attest.keys.Pem;
import dev.bulwark.attest.keys.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 'bulwark reproduce' end to end on the fake archive: build, reproduce from another cache, attach a VSA. */
class ReproduceCommandTest {
    @TempDir
    Path dir;

    @Test
    void reproduce_signedBuildIsIdenticalAndItsVerificationSummaryVerifies() throws Exception {
        try (FakeArchiveCli cli = new FakeArchiveCli(dir)) {
            SigningKey key = Keys.generate(new SecureRandom());
            Files.writeString(dir.resolve("k.key"), new Pem("PRIVATE KEY", key.privateKey().getEncoded()).encode());
            Files.writeString(dir.resolve("k.pub"), Keys.encodePublic(key.publicKey()));
            String image = "oci:" + dir.resolve("python3");
            CliRun build = cli.run("build", cli.pythonSpec().toString(), "--output", image, "--sign-key",
                    dir.resolve("k.key").toString());
            assertThat(build.exitCode()).as(build.err()).isZero();

            CliRun none = FakeArchiveCli.runRaw("verify-attestation", image, "--key", dir.resolve("k.pub").toString(), "--type", "vsa");
            assertThat(none.exitCode()).isEqualTo(1);

            CliRun r = FakeArchiveCli.runRaw("reproduce", image, "--key", dir.resolve("k.pub").toString(),
                    "--sign-key", dir.resolve("k.key").toString(), "--mirror", cli.archive.baseUrl().toString(),
                    "--cache", dir.resolve("other-cache").toString());
            assertThat(r.exitCode()).as(r.err() + r.out()).isZero();
            assertThat(r.out()).contains(": reproduced, identical (sha256:").contains("signature verified")
                    .contains("linux/amd64").contains("linux/arm64").contains("verification summary attached (PASSED)");

            CliRun vsa = FakeArchiveCli.runRaw("verify-attestation", image, "--key", dir.resolve("k.pub").toString(), "--type", "vsa");
            assertThat(vsa.exitCode()).as(vsa.err()).isZero();
            assertThat(vsa.out()).contains("\"predicateType\":\"https://slsa.dev/verification_summary/v1\"")
                    .contains("\"verificationResult\":\"PASSED\"").contains("\"verifier\":{\"id\":\"urn:bulwark:reproducer\"")
                    .contains("\"resourceUri\":\"pkg:oci/python3@sha256%3A").contains("\"inputAttestations\":[{\"uri\":")
                    .contains("\"verifiedLevels\":[\"SLSA_BUILD_LEVEL_1\",\"BULWARK_REPRODUCED\"]");
        }
    }

    @Test
    void reproduce_jsonOfAnImageWithoutProvenanceIsBadInput() throws Exception {
        try (FakeArchiveCli cli = new FakeArchiveCli(dir)) {
            String image = "oci:" + dir.resolve("python3");
            CliRun build = cli.run("build", cli.pythonSpec().toString(), "--output", image, "--no-sbom");
            assertThat(build.exitCode()).as(build.err()).isZero();
            CliRun r = cli.run("reproduce", image, "--format", "json");
            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.err()).contains("cannot reproduce " + image + ": it has no SLSA provenance");
        }
    }

    @Test
    void reproduce_unsignedBuildPrintsJsonAndExitsZero() throws Exception {
        try (FakeArchiveCli cli = new FakeArchiveCli(dir)) {
            String image = "oci:" + dir.resolve("python3");
            assertThat(cli.run("build", cli.pythonSpec().toString(), "--output", image).exitCode()).isZero();
            CliRun r = FakeArchiveCli.runRaw("reproduce", image, "--format", "json", "--mirror",
                    cli.archive.baseUrl().toString(), "--cache", dir.resolve("other-cache").toString());
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).contains("\"identical\" : true").contains("\"verified\" : false")
                    .contains("\"platform\" : \"linux/arm64/v8\"");
        }
    }
}
