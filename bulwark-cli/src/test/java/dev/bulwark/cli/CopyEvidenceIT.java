package dev.bulwark.cli;

import static dev.bulwark.cli.Processes.exec;
import static dev.bulwark.cli.Processes.javaCommand;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.testkit.LocalRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evidence travels with the image: a multi-arch image built, signed and attested by Bulwark (key from
 * {@code cosign generate-key-pair}) into one docker-registry lists its signatures and attestations as referrers
 * ('bulwark referrers', 'oras discover'); {@code bulwark copy} to a second registry carries them, so cosign 2.5
 * verifies the signature and attestations there and oras discovers them there.
 */
class CopyEvidenceIT {
    private static final String SIG_TYPE = "application/vnd.dev.cosign.artifact.sig.v1+json";
    private static final String ATT_TYPE = "application/vnd.dsse.envelope.v1+json";
    private static final Map<String, String> PASSWORD = Map.of("COSIGN_PASSWORD", "test-password");

    @TempDir
    Path dir;
    private FakeArchiveCli fake;
    private LocalRegistry first;
    private LocalRegistry second;

    @BeforeEach
    void start() throws Exception {
        Tools.require("docker-registry");
        Tools.require("cosign");
        Tools.require("oras");
        fake = new FakeArchiveCli(dir);
        first = LocalRegistry.start(dir.resolve("first"));
        second = LocalRegistry.start(dir.resolve("second"));
    }

    @AfterEach
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {second, first, fake}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void copy_ofASignedImageBetweenRegistries_keepsSignaturesAndAttestationsVerifiableAndDiscoverable()
            throws Exception {
        exec(PASSWORD, dir, "cosign", "generate-key-pair");
        String pub = dir.resolve("cosign.pub").toString();
        String source = first.host() + "/signed:1";
        exec(PASSWORD, null, javaCommand("build", fake.pythonSpec().toString(), "--output", "docker://" + source,
                "--sign-key", dir.resolve("cosign.key").toString(), "--mirror", fake.archive.baseUrl().toString(),
                "--cache", fake.cache.toString()));
        exec(PASSWORD, null, javaCommand("attest", source, "--key", dir.resolve("cosign.key").toString(), "--type",
                "custom", "--predicate", fake.spec("note.json", "{\"reviewed\":true}").toString()));

        CliRun listed = CliRun.of("referrers", "docker://" + source, "--format", "json");
        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(artifactTypes(listed.out())).contains(SIG_TYPE, ATT_TYPE);
        assertThat(exec(Map.of(), null, "oras", "discover", "--plain-http", source)).contains(SIG_TYPE, ATT_TYPE);

        String target = second.host() + "/copied:1";
        CliRun copy = CliRun.of("copy", "docker://" + source, "docker://" + target, "--format", "json");
        assertThat(copy.exitCode()).as(copy.err()).isZero();
        assertThat(new ObjectMapper().readTree(copy.out()).path("referrersCopied").asInt()).isGreaterThanOrEqualTo(4);

        exec(Map.of(), null, "cosign", "verify", "--key", pub, "--insecure-ignore-tlog", "--allow-insecure-registry",
                target);
        for (String type : List.of("slsaprovenance1", "spdxjson", "cyclonedx", "custom")) {
            exec(Map.of(), null, "cosign", "verify-attestation", "--key", pub, "--insecure-ignore-tlog",
                    "--allow-insecure-registry", "--type", type, target);
        }
        String discovered = exec(Map.of(), null, "oras", "discover", "--plain-http", target);
        assertThat(discovered).contains(SIG_TYPE, ATT_TYPE);
        CliRun copied = CliRun.of("referrers", "docker://" + target, "--format", "json");
        assertThat(artifactTypes(copied.out())).containsExactlyInAnyOrderElementsOf(artifactTypes(listed.out()));
        CliRun verify = CliRun.of("verify", "docker://" + target, "--key", pub);
        assertThat(verify.exitCode()).as(verify.err()).isZero();
    }

    @Test
    void copy_noReferrers_leavesTheEvidenceBehind() throws Exception {
        exec(PASSWORD, dir, "cosign", "generate-key-pair");
        String source = first.host() + "/signed:2";
        exec(PASSWORD, null, javaCommand("build", fake.pythonSpec().toString(), "--arch", "amd64", "--output",
                "docker://" + source, "--sign-key", dir.resolve("cosign.key").toString(), "--mirror",
                fake.archive.baseUrl().toString(), "--cache", fake.cache.toString()));
        String target = second.host() + "/bare:1";

        CliRun copy = CliRun.of("copy", "docker://" + source, "docker://" + target, "--no-referrers");

        assertThat(copy.exitCode()).as(copy.err()).isZero();
        assertThat(copy.out()).contains("0 signatures, attestations and referrers");
        CliRun verify = CliRun.of("verify", "docker://" + target, "--key", dir.resolve("cosign.pub").toString());
        assertThat(verify.exitCode()).as(verify.err()).isEqualTo(1);
        assertThat(artifactTypes(CliRun.of("referrers", "docker://" + target, "--format", "json").out())).isEmpty();
    }

    private static List<String> artifactTypes(String json) throws Exception {
        List<String> types = new ArrayList<>();
        for (JsonNode n : new ObjectMapper().readTree(json).path("referrers")) {
            types.add(n.path("artifactType").asText());
        }
        return types;
    }
}
