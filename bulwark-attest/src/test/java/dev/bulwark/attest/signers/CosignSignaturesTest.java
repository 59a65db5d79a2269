package dev.bulwark.attest.signers;

import dev.bulwark.attest.AttestException;
import dev.bulwark.attest.intoto.Statement;
import dev.bulwark.attest.intoto.Subject;
import dev.bulwark.attest.keys.Keys;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.image.Manifest;
import dev.bulwark.oci.transport.Referrers;
import dev.bulwark.oci.transport.layout.LayoutStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CosignSignaturesTest {
    private static final SecureRandom RANDOM = new SecureRandom(new byte[] {3});
    private static final Digest IMAGE = Digest.of("image".getBytes(StandardCharsets.UTF_8));
    private final KeySigner signer = new KeySigner(Keys.generate(RANDOM), RANDOM);

    @Test
    void verify_acceptsOwnSignatureAtTheCosignTag(@TempDir Path dir) throws Exception {
        LayoutStore store = new LayoutStore(dir);
        CosignSignatures.sign(store, IMAGE, "example/app", signer, Map.of());
        CosignSignatures.sign(store, IMAGE, "example/app", signer, Map.of()); // ECDSA is randomised: two layers

        List<SimpleSigning> ok = CosignSignatures.verify(store, IMAGE, signer.publicKey());

        assertThat(ok).hasSize(2).allSatisfy(s -> assertThat(s.manifestDigest()).isEqualTo(IMAGE));
        assertThat(store.resolve(IMAGE.dashed() + ".sig")).isPresent();
    }

    @Test
    void verify_failsForWrongKeyMissingSignatureTamperedPayloadAndOtherDigest(@TempDir Path dir) throws Exception {
        LayoutStore store = new LayoutStore(dir);
        assertCheckFailed(() -> CosignSignatures.verify(store, IMAGE, signer.publicKey()));

        CosignSignatures.sign(store, IMAGE, "example/app", signer, Map.of());
        assertCheckFailed(() -> CosignSignatures.verify(store, IMAGE, Keys.generate(RANDOM).publicKey()));

        Digest other = Digest.of("other".getBytes(StandardCharsets.UTF_8));
        CosignLayer good = CosignImages.read(store, IMAGE.dashed() + ".sig").get(0);
        byte[] forged = new SimpleSigning("example/app", other, Map.of()).toJson();
        CosignImages.append(store, other, CosignImages.SIG, new CosignLayer(good.mediaType(), forged, good.annotations()));
        assertCheckFailed(() -> CosignSignatures.verify(store, other, signer.publicKey()));

        // a correctly signed payload for IMAGE, copied to another image's tag, does not verify that image
        CosignImages.append(store, other, CosignImages.SIG, good);
        assertCheckFailed(() -> CosignSignatures.verify(store, other, signer.publicKey()));

        byte[] sig = Base64.getDecoder().decode(good.annotations().get(CosignSignatures.SIGNATURE_ANNOTATION));
        sig[sig.length - 1] ^= 1;
        Digest third = Digest.of("third".getBytes(StandardCharsets.UTF_8));
        CosignImages.append(store, third, CosignImages.SIG, new CosignLayer(good.mediaType(),
                new SimpleSigning("x", third, Map.of()).toJson(),
                Map.of(CosignSignatures.SIGNATURE_ANNOTATION, Base64.getEncoder().encodeToString(sig))));
        assertCheckFailed(() -> CosignSignatures.verify(store, third, signer.publicKey()));
    }

    @Test
    void attestations_verifyByTypeAndRejectWrongKeyOrType(@TempDir Path dir) throws Exception {
        LayoutStore store = new LayoutStore(dir);
        Statement st = new Statement(List.of(new Subject("app", IMAGE)), "https://slsa.dev/provenance/v1",
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        CosignAttestations.attest(store, IMAGE, st, signer);

        List<Statement> ok = CosignAttestations.verify(store, IMAGE, signer.publicKey(), PredicateTypes.uri("slsaprovenance1"));

        assertThat(ok).hasSize(1);
        assertThat(new String(ok.get(0).predicate(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}");
        assertCheckFailed(() -> CosignAttestations.verify(store, IMAGE, signer.publicKey(), PredicateTypes.uri("spdxjson")));
        assertCheckFailed(() -> CosignAttestations.verify(store, IMAGE, Keys.generate(RANDOM).publicKey(), null));
    }

    @Test
    void signAndAttest_listTheirManifestsAsReferrersOfTheImage_replacingTheOlderVersion(@TempDir Path dir)
            throws Exception {
        LayoutStore store = new LayoutStore(dir);
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        Descriptor configDescriptor = Descriptor.of(MediaTypes.OCI_CONFIG, config);
        store.putBlob(configDescriptor, () -> new ByteArrayInputStream(config));
        Descriptor image = store.putManifest(MediaTypes.OCI_MANIFEST,
                Manifest.oci(configDescriptor, List.of(), Map.of()).toJson(), "v1");

        CosignSignatures.sign(store, image.digest(), "example/app", signer, Map.of());
        CosignSignatures.sign(store, image.digest(), "example/app", signer, Map.of());
        CosignAttestations.attest(store, image.digest(), new Statement(List.of(new Subject("app", image.digest())),
                "https://slsa.dev/provenance/v1", "{}".getBytes(StandardCharsets.UTF_8)), signer);

        List<Descriptor> referrers = Referrers.list(store, image.digest(), null);
        Descriptor sig = store.resolve(image.digest().dashed() + ".sig").orElseThrow();
        Descriptor att = store.resolve(image.digest().dashed() + ".att").orElseThrow();
        assertThat(referrers).extracting(Descriptor::digest).containsExactly(sig.digest(), att.digest());
        assertThat(referrers).extracting(Descriptor::artifactType).containsExactly(
                "application/vnd.dev.cosign.artifact.sig.v1+json", "application/vnd.dsse.envelope.v1+json");
        Manifest sigManifest = Manifest.parse(store.manifest(sig));
        assertThat(sigManifest.subject().digest()).isEqualTo(image.digest());
        assertThat(sigManifest.layers()).hasSize(2);
        assertThat(CosignSignatures.verify(store, image.digest(), signer.publicKey())).hasSize(2);
    }

    private static void assertCheckFailed(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(AttestException.class,
                e -> assertThat(e.kind()).isEqualTo(Kind.CHECK_FAILED));
    }
}
