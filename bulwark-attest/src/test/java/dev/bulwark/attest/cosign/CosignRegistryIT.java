package dev.bulwark.attest.cosign;

import dev.bulwark.attest.AttestException;
import dev.bulwark.attest.Evidence;
import dev.bulwark.attest.EvidenceRequest;
import dev.bulwark.attest.intoto.Statement;
import dev.bulwark.attest.keys.Keys;
import dev.bulwark.attest.keys.PasswordSource;
import dev.bulwark.attest.keys.SigningKey;
import dev.bulwark.attest.provenance.BuildFacts;
import dev.bulwark.attest.signers.CosignAttestations;
import dev.bulwark.attest.signers.CosignSignatures;
import dev.bulwark.attest.signers.KeySigner;
import dev.bulwark.attest.signers.PredicateTypes;
import dev.bulwark.attest.testing.Cosign;
import dev.bulwark.attest.testing.TestImages;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.image.Manifest;
import dev.bulwark.oci.ref.ImageReference;
import dev.bulwark.oci.transport.ImageWrite;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.oci.transport.Store;
import dev.bulwark.oci.transport.Transports;
import dev.bulwark.oci.transport.WriteResult;
import dev.bulwark.testkit.LocalRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Signatures and attestations cross-checked with the real cosign against Debian's docker-registry: what Bulwark
 * signs cosign verifies, what cosign signs Bulwark verifies, and tampering or a wrong key fails in both.
 */
class CosignRegistryIT {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final RegistryOptions OPTIONS = new RegistryOptions(true, null, null, Progress.NONE);
    @TempDir
    static Path work;
    private static LocalRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        Cosign.require();
        Cosign.requireTool(LocalRegistry.available(), "docker-registry");
        registry = LocalRegistry.start(work.resolve("registry"));
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    private record Pushed(String ref, Store store, WriteResult written, List<Image> images) {
    }

    private static Pushed push(String repo, Path tmp) throws Exception {
        Files.createDirectories(tmp);
        List<Image> images = List.of(TestImages.debianImage(tmp, "linux/amd64"), TestImages.debianImage(tmp, "linux/arm64"));
        String ref = registry.host() + "/" + repo + ":1";
        ImageReference parsed = ImageReference.parse("docker://" + ref);
        WriteResult written = Transports.openSink(parsed, OPTIONS).write(new ImageWrite(images, Map.of()));
        return new Pushed(ref, Transports.openStore(parsed, OPTIONS), written, images);
    }

    @Test
    void bulwarkEvidence_verifiesInCosign_andWrongKeyFailsInBoth(@TempDir Path dir) throws Exception {
        Pushed p = push("small", dir.resolve("tmp"));
        SigningKey key = Keys.generate(RANDOM);
        Files.writeString(dir.resolve("bulwark.pub"), Keys.encodePublic(key.publicKey()));
        Files.writeString(dir.resolve("other.pub"), Keys.encodePublic(Keys.generate(RANDOM).publicKey()));
        BuildFacts facts = new BuildFacts("small.yaml", "name: small\n", Map.of(), List.of());
        Evidence.attach(new EvidenceRequest(p.store(), p.written().root(), p.images(), "small",
                registry.host() + "/small", List.of(), facts, Instant.ofEpochSecond(TestImages.EPOCH), "0.1.0"),
                new KeySigner(key, RANDOM));
        Cosign cosign = new Cosign(dir, "");

        cosign.ok("verify", "--key", "bulwark.pub", "--insecure-ignore-tlog", "--allow-insecure-registry", p.ref());
        for (String type : List.of("slsaprovenance1", "spdxjson", "cyclonedx")) {
            cosign.ok("verify-attestation", "--key", "bulwark.pub", "--insecure-ignore-tlog",
                    "--allow-insecure-registry", "--type", type, p.ref());
        }
        String platformRef = registry.host() + "/small@" + p.images().get(0).digest();
        cosign.ok("verify", "--key", "bulwark.pub", "--insecure-ignore-tlog", "--allow-insecure-registry", platformRef);

        cosign.fails("verify", "--key", "other.pub", "--insecure-ignore-tlog", "--allow-insecure-registry", p.ref());
        cosign.fails("verify-attestation", "--key", "other.pub", "--insecure-ignore-tlog", "--allow-insecure-registry",
                "--type", "spdxjson", p.ref());
        assertCheckFailed(() -> CosignSignatures.verify(p.store(), p.written().root().digest(),
                Keys.loadPublic(dir.resolve("other.pub"))));
    }

    @Test
    void cosignSignatureAndAttestation_verifyInBulwark(@TempDir Path dir) throws Exception {
        Pushed p = push("bycosign", dir.resolve("tmp"));
        Cosign cosign = new Cosign(dir, "pw");
        cosign.ok("generate-key-pair");
        String byDigest = registry.host() + "/bycosign@" + p.written().root().digest();
        cosign.ok("sign", "--key", "cosign.key", "--tlog-upload=false", "--allow-insecure-registry", "-y", byDigest);
        // Bulwark's own predicate: cosign attest validates SLSA v1 predicates, so this also checks its shape
        Files.write(dir.resolve("pred.json"), dev.bulwark.attest.provenance.SlsaProvenance.predicate(
                new dev.bulwark.attest.provenance.ProvenanceInput(List.of(new dev.bulwark.attest.intoto.Subject("x",
                        p.written().root().digest())), "x.yaml", "name: x\n", "x.yaml.lock.json", "{}\n", Map.of(), List.of(), List.of(), "0.1.0")));
        cosign.ok("attest", "--key", "cosign.key", "--tlog-upload=false", "--allow-insecure-registry", "-y",
                "--type", "slsaprovenance1", "--predicate", "pred.json", byDigest);

        var pub = Keys.loadPublic(dir.resolve("cosign.pub"));
        assertThat(CosignSignatures.verify(p.store(), p.written().root().digest(), pub)).hasSize(1);
        List<Statement> st = CosignAttestations.verify(p.store(), p.written().root().digest(), pub,
                PredicateTypes.uri("slsaprovenance1"));
        assertThat(new String(st.get(0).predicate(), StandardCharsets.UTF_8)).contains("buildType");
        assertThat(Keys.loadPrivate(dir.resolve("cosign.key"), PasswordSource.of("pw".toCharArray()))).isNotNull();
    }

    @Test
    void tamperedSignatureOrAttestation_failsInBothCosignAndBulwark(@TempDir Path dir) throws Exception {
        Pushed p = push("tampered", dir.resolve("tmp"));
        SigningKey key = Keys.generate(RANDOM);
        Files.writeString(dir.resolve("k.pub"), Keys.encodePublic(key.publicKey()));
        Digest root = p.written().root().digest();
        KeySigner signer = new KeySigner(key, RANDOM);
        CosignSignatures.sign(p.store(), root, registry.host() + "/tampered", signer, Map.of());
        CosignAttestations.attest(p.store(), root, new Statement(List.of(new dev.bulwark.attest.intoto.Subject("t", root)),
                PredicateTypes.uri("slsaprovenance1"), "{\"a\":1}".getBytes(StandardCharsets.UTF_8)), signer);
        Cosign cosign = new Cosign(dir, "");
        cosign.ok("verify", "--key", "k.pub", "--insecure-ignore-tlog", "--allow-insecure-registry", p.ref());

        rewriteLayers(p.store(), root.dashed() + ".sig", s -> s.replace("cosign container image signature\"}",
                "cosign container image signature\"},\"x\":1"));
        rewriteLayers(p.store(), root.dashed() + ".att", s -> {
            // swap the payload for another statement, keeping the signature
            String payload = java.util.Base64.getEncoder().encodeToString(("{\"_type\":\"https://in-toto.io/Statement/v1\","
                    + "\"subject\":[{\"name\":\"t\",\"digest\":{\"sha256\":\"" + root.hex() + "\"}}],"
                    + "\"predicateType\":\"https://slsa.dev/provenance/v1\",\"predicate\":{\"a\":2}}").getBytes(StandardCharsets.UTF_8));
            return s.replaceFirst("\"payload\":\"[^\"]*\"", "\"payload\":\"" + payload + "\"");
        });

        cosign.fails("verify", "--key", "k.pub", "--insecure-ignore-tlog", "--allow-insecure-registry", p.ref());
        cosign.fails("verify-attestation", "--key", "k.pub", "--insecure-ignore-tlog", "--allow-insecure-registry",
                "--type", "slsaprovenance1", p.ref());
        assertCheckFailed(() -> CosignSignatures.verify(p.store(), root, key.publicKey()));
        assertCheckFailed(() -> CosignAttestations.verify(p.store(), root, key.publicKey(), null));
    }

    /** Rewrites each layer's content at a tag (keeping annotations such as the signature) and re-points the tag. */
    private static void rewriteLayers(Store store, String tag, java.util.function.UnaryOperator<String> edit)
            throws Exception {
        Manifest m = Manifest.parse(store.manifest(store.resolve(tag).orElseThrow()));
        List<dev.bulwark.oci.Descriptor> layers = new ArrayList<>();
        for (var l : m.layers()) {
            String text;
            try (InputStream in = store.blob(l)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            byte[] changed = edit.apply(text).getBytes(StandardCharsets.UTF_8);
            assertThat(changed).isNotEqualTo(text.getBytes(StandardCharsets.UTF_8));
            var d = dev.bulwark.oci.Descriptor.of(l.mediaType(), changed).withAnnotations(l.annotations());
            store.putBlob(d, () -> new ByteArrayInputStream(changed));
            layers.add(d);
        }
        byte[] manifest = Manifest.oci(m.config(), layers, null).toJson();
        store.putManifest(MediaTypes.OCI_MANIFEST, manifest, tag);
    }

    private static void assertCheckFailed(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AttestException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.CHECK_FAILED));
    }
}
