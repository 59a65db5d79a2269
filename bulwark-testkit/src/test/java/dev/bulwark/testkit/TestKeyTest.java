package dev.bulwark.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.junit.jupiter.api.Test;

class TestKeyTest {

    @Test
    void clearsign_verifiesWithBouncyCastleAndDashEscapes() throws Exception {
        TestKey key = TestKey.generate("Test <t@example.invalid>");
        String text = "Origin: x\n-dash line\ntrailing   \n";
        byte[] signed = key.clearsign(text);
        String s = new String(signed, StandardCharsets.UTF_8);
        assertThat(s).startsWith("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nOrigin: x\n- -dash line\n");
        assertThat(ClearsignedMessages.goodSignatures(signed, key)).isEqualTo(1);
    }

    @Test
    void generateWithSigningSubkey_signsWithTheSubkey() throws Exception {
        TestKey key = TestKey.generateWithSigningSubkey("Sub");
        PGPPublicKeyRing ring = new PGPPublicKeyRing(key.publicKeyring(), new BcKeyFingerprintCalculator());
        assertThat(ring.size()).isEqualTo(2);
        assertThat(key.keyId()).isEqualTo(key.signingFingerprint().substring(24));
        assertThat(ClearsignedMessages.goodSignatures(key.clearsign("A: b\n"), key)).isEqualTo(1);
    }

    @Test
    void clearsignAll_carriesOneSignaturePerKey() throws Exception {
        TestKey a = TestKey.generate("A");
        TestKey b = TestKey.generate("B");
        byte[] signed = TestKey.clearsignAll("Suite: trixie\n", a, b);
        assertThat(ClearsignedMessages.goodSignatures(signed, a)).isEqualTo(1);
        assertThat(ClearsignedMessages.goodSignatures(signed, b)).isEqualTo(1);
    }

    @Test
    void publicKey_binaryAndArmoredCarryTheFingerprint() throws Exception {
        TestKey key = TestKey.generate("A");
        PGPPublicKeyRing ring = new PGPPublicKeyRing(key.publicKeyring(), new BcKeyFingerprintCalculator());
        assertThat(dev.bulwark.core.Hex.encode(ring.getPublicKey().getFingerprint()).toUpperCase())
                .isEqualTo(key.fingerprint()).hasSize(40);
        assertThat(key.publicKeyArmored()).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");
    }

    @Test
    void generateExpired_hasOneYearValidityTwoYearsAgo() throws Exception {
        TestKey key = TestKey.generateExpired("Old");
        PGPPublicKeyRing ring = new PGPPublicKeyRing(key.publicKeyring(), new BcKeyFingerprintCalculator());
        assertThat(ring.getPublicKey().getValidSeconds()).isEqualTo(365L * 86400);
        assertThat(ring.getPublicKey().getCreationTime().toInstant())
                .isBefore(java.time.Instant.now().minus(java.time.Duration.ofDays(700)));
    }
}
