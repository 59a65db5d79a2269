package dev.bulwark.attest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.attest.intoto.Statement;
import dev.bulwark.attest.keys.Keys;
import dev.bulwark.attest.provenance.BuildFacts;
import dev.bulwark.attest.sbom.KnownDeb;
import dev.bulwark.attest.sbom.SbomFormat;
import dev.bulwark.attest.signers.CosignAttestations;
import dev.bulwark.attest.signers.CosignSignatures;
import dev.bulwark.attest.signers.KeySigner;
import dev.bulwark.attest.signers.PredicateTypes;
import dev.bulwark.attest.testing.Goldens;
import dev.bulwark.attest.testing.Schemas;
import dev.bulwark.attest.testing.TestImages;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.transport.layout.LayoutSink;
import dev.bulwark.oci.transport.layout.LayoutStore;
import dev.bulwark.oci.transport.ImageWrite;
import dev.bulwark.oci.transport.WriteResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EvidenceTest {
    private static final SecureRandom RANDOM = new SecureRandom(new byte[] {4});

    static EvidenceRequest request(Path dir, Path tmp) throws Exception {
        Files.createDirectories(tmp);
        List<Image> images = List.of(TestImages.debianImage(tmp, "linux/amd64"), TestImages.debianImage(tmp, "linux/arm64"));
        WriteResult written = new LayoutSink(dir, "1").write(new ImageWrite(images, Map.of()));
        BuildFacts facts = new BuildFacts("small.yaml", "name: small\npackages: [tool]\n", "small.yaml.lock.json",
                "{\"lockfileVersion\": 1}\n", Map.of("archs", "amd64,arm64", "compression", "gzip",
                        "sourceDateEpoch", Long.toString(TestImages.EPOCH)),
                List.of(BuildFacts.deb("pool/main/z/zlib/zlib1g_1.3_amd64.deb", "pkg:deb/debian/zlib1g", "11".repeat(32)),
                        BuildFacts.inRelease("dists/trixie/InRelease", "22".repeat(32))));
        return new EvidenceRequest(new LayoutStore(dir), written.root(), images, "small", "small",
                List.of(new KnownDeb("libc6", "2.41-12", "amd64", "33".repeat(32))), facts,
                Instant.ofEpochSecond(TestImages.EPOCH), "0.1.0");
    }

    @Test
    void generate_isByteIdenticalAcrossTwoBuildsAndValid(@TempDir Path tmp) throws Exception {
        EvidenceResult first = Evidence.generate(request(tmp.resolve("a"), tmp.resolve("ta")));
        EvidenceResult second = Evidence.generate(request(tmp.resolve("b"), tmp.resolve("tb")));

        Platform amd64 = Platform.parse("linux/amd64");
        for (SbomFormat f : SbomFormat.values()) {
            assertThat(second.sboms().get(amd64).get(f)).isEqualTo(first.sboms().get(amd64).get(f));
            Goldens.assertMatches("evidence-small-amd64." + f.cliName() + ".json", first.sboms().get(amd64).get(f));
        }
        Schemas.assertValidSpdx(first.sboms().get(amd64).get(SbomFormat.SPDX_JSON));
        Schemas.assertValidCycloneDx(first.sboms().get(amd64).get(SbomFormat.CYCLONEDX_JSON));
        assertThat(second.provenance()).isEqualTo(first.provenance());
        Goldens.assertMatches("evidence-small.provenance.json", first.provenance());
    }

    @Test
    void generate_listsEveryPackageWithPurlLicenseAndResolvedDependencies(@TempDir Path tmp) throws Exception {
        EvidenceResult r = Evidence.generate(request(tmp.resolve("a"), tmp.resolve("t")));
        JsonNode cdx = new ObjectMapper().readTree(r.sboms().get(Platform.parse("linux/amd64")).get(SbomFormat.CYCLONEDX_JSON));

        assertThat(cdx.path("components")).hasSize(3).allSatisfy(c -> {
            assertThat(c.path("purl").asText()).startsWith("pkg:deb/debian/").endsWith("&distro=debian-13");
            assertThat(c.path("licenses")).isNotEmpty();
        });
        assertThat(cdx.toString()).contains("pkg:deb/debian/zlib1g@1%3A1.3.dfsg%2Breally1.3.1-1%2Bb1?arch=amd64")
                .contains("\"ref\":\"pkg:deb/debian/tool@1.0-1?arch=all&distro=debian-13\",\"dependsOn\":"
                        + "[\"pkg:deb/debian/zlib1g@");
        JsonNode prov = new ObjectMapper().readTree(r.provenance());
        assertThat(prov.path("subject")).hasSize(3);
        assertThat(prov.path("predicate").path("runDetails").path("byproducts")).hasSize(4);
    }

    @Test
    void attach_signsAndAttestsRootAndEachManifest(@TempDir Path tmp) throws Exception {
        EvidenceRequest req = request(tmp.resolve("a"), tmp.resolve("t"));
        KeySigner signer = new KeySigner(Keys.generate(RANDOM), RANDOM);

        EvidenceResult r = Evidence.attach(req, signer);

        assertThat(r.signed()).hasSize(3).first().isEqualTo(req.root().digest());
        for (var d : r.signed()) {
            assertThat(CosignSignatures.verify(req.store(), d, signer.publicKey())).isNotEmpty();
        }
        for (String type : List.of("spdxjson", "cyclonedx", "slsaprovenance1")) {
            List<Statement> st = CosignAttestations.verify(req.store(), req.root().digest(), signer.publicKey(),
                    PredicateTypes.uri(type));
            assertThat(st).as(type).isNotEmpty();
        }
        assertThat(CosignAttestations.verify(req.store(), req.images().get(0).digest(), signer.publicKey(),
                PredicateTypes.uri("spdxjson"))).hasSize(1);
    }
}
