package dev.bulwark.attest.dsse;

import dev.bulwark.attest.keys.Keys;
import dev.bulwark.attest.signers.KeySigner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;

class DsseTest {
    private static final SecureRandom RANDOM = new SecureRandom(new byte[] {2});

    @Test
    void pae_matchesTheSpecExample() {
        // DSSE protocol.md: PAE("http://example.com/HelloWorld", "hello world")
        assertThat(new String(Envelope.pae("http://example.com/HelloWorld", "hello world".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8)).isEqualTo("DSSEv1 29 http://example.com/HelloWorld 11 hello world");
    }

    @Test
    void verify_acceptsOwnSignatureAndRejectsTamperedPayloadOrOtherKey() throws Exception {
        KeySigner signer = new KeySigner(Keys.generate(RANDOM), RANDOM);
        Envelope env = Dsse.sign(signer, "application/vnd.in-toto+json", "{}".getBytes(StandardCharsets.UTF_8));
        Envelope back = Envelope.parse(env.toJson());

        assertThat(Dsse.verify(back, signer.publicKey())).isTrue();
        Envelope tampered = new Envelope(back.payloadType(), "{ }".getBytes(StandardCharsets.UTF_8), back.signatures());
        assertThat(Dsse.verify(tampered, signer.publicKey())).isFalse();
        assertThat(Dsse.verify(back, Keys.generate(RANDOM).publicKey())).isFalse();
    }
}
