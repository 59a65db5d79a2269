package dev.bulwark.attest.cosign;

import dev.bulwark.attest.keys.Keys;
import dev.bulwark.attest.keys.PasswordSource;
import dev.bulwark.attest.keys.SigningKey;
import dev.bulwark.attest.signers.KeySigner;
import dev.bulwark.attest.signers.Signatures;
import dev.bulwark.attest.testing.Cosign;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Keys cross-checked with the real cosign: each side reads the other's key files and signatures. */
class CosignKeysIT {
    private static final SecureRandom RANDOM = new SecureRandom();

    @BeforeAll
    static void cosign() {
        Cosign.require();
    }

    @Test
    void cosignGeneratedKey_signsForBulwarkAndVerifiesInCosign(@TempDir Path dir) throws Exception {
        Cosign cosign = new Cosign(dir, "s3cret");
        cosign.ok("generate-key-pair");

        SigningKey key = Keys.loadPrivate(dir.resolve("cosign.key"), PasswordSource.of("s3cret".toCharArray()));
        assertThat(key.publicKey().getW()).isEqualTo(Keys.loadPublic(dir.resolve("cosign.pub")).getW());
        assertThatThrownBy(() -> Keys.loadPrivate(dir.resolve("cosign.key"), PasswordSource.of("nope".toCharArray())))
                .hasMessageContaining("wrong password");

        byte[] blob = "hello".getBytes(StandardCharsets.UTF_8);
        Files.write(dir.resolve("blob"), blob);
        Files.writeString(dir.resolve("blob.sig"), Base64.getEncoder().encodeToString(new KeySigner(key, RANDOM).sign(blob)));
        cosign.ok("verify-blob", "--key", "cosign.pub", "--signature", "blob.sig", "--insecure-ignore-tlog", "blob");
    }

    @Test
    void bulwarkGeneratedKey_isReadBySignsInAndVerifiesFromCosign(@TempDir Path dir) throws Exception {
        SigningKey key = Keys.generate(RANDOM);
        Files.writeString(dir.resolve("bulwark.key"), Keys.encodePrivate(key, "pw".toCharArray(), RANDOM));
        Files.writeString(dir.resolve("bulwark.pub"), Keys.encodePublic(key.publicKey()));
        Cosign cosign = new Cosign(dir, "pw");

        String pub = cosign.ok("public-key", "--key", "bulwark.key");
        assertThat(pub).contains(Keys.encodePublic(key.publicKey()).trim());

        Files.writeString(dir.resolve("blob"), "hello");
        String sig = cosign.ok("sign-blob", "--key", "bulwark.key", "--tlog-upload=false", "-y", "blob").trim();
        String last = sig.lines().reduce((a, b) -> b).orElse("");
        assertThat(Signatures.verify(key.publicKey(), "hello".getBytes(StandardCharsets.UTF_8),
                Base64.getDecoder().decode(last))).isTrue();
        assertThat(Signatures.verify(Keys.generate(RANDOM).publicKey(), "hello".getBytes(StandardCharsets.UTF_8),
                Base64.getDecoder().decode(last))).isFalse();
    }
}
