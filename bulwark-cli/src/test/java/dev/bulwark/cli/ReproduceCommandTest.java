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

    @Test
    void reproduce_exitsOneAndNamesTheFirstDifferingLayerWhenTheProvenanceDoesNotBuildTheImage() throws Exception {
        try (FakeArchiveCli cli = new FakeArchiveCli(dir)) {
            String withEvidence = "oci:" + dir.resolve("a");
            String bare = "oci:" + dir.resolve("b");
            assertThat(cli.run("build", cli.pythonSpec().toString(), "--output", withEvidence).exitCode()).isZero();
            assertThat(cli.run("build", cli.pythonSpec().toString(), "--output", bare, "--no-sbom").exitCode()).isZero();
            // A provenance that claims zstd for a gzip image: every layer rebuilds to other bytes, the same files.
            var storeA = new dev.bulwark.oci.transport.layout.LayoutStore(dir.resolve("a"));
            var root = new dev.bulwark.oci.transport.layout.LayoutSource(dir.resolve("a"), "latest").root();
            var artifact = dev.bulwark.oci.transport.Referrers.list(storeA, root.digest(), "application/vnd.in-toto+json").get(0);
            var layer = dev.bulwark.oci.image.Manifest.parse(storeA.manifest(artifact)).layers().get(0);
            String statement;
            try (var in = storeA.blob(layer)) {
                statement = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            assertThat(statement).contains("\"compression\":\"gzip\"");
            byte[] lie = statement.replace("\"compression\":\"gzip\"", "\"compression\":\"zstd\"")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            dev.bulwark.oci.transport.Referrers.attach(new dev.bulwark.oci.transport.layout.LayoutStore(dir.resolve("b")), root,
                    "application/vnd.in-toto+json", java.util.List.of(dev.bulwark.oci.transport.Referrers.Blob.of(
                            "application/vnd.in-toto+json", lie)), java.util.Map.of());

            CliRun r = FakeArchiveCli.runRaw("reproduce", bare, "--mirror", cli.archive.baseUrl().toString(),
                    "--cache", dir.resolve("other-cache").toString());
            assertThat(r.exitCode()).as(r.err()).isEqualTo(1);
            assertThat(r.out()).contains(": NOT reproduced, the rebuild differs (image " + root.digest())
                    .contains("first differing layer: linux/amd64 layer 1 of ")
                    .contains("(the same files; the layers differ in their tar or compression bytes)");
        }
    }
}
