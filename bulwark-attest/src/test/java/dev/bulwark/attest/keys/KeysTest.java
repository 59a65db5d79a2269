package dev.bulwark.attest.keys;

import dev.bulwark.attest.AttestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeysTest {
    private static final SecureRandom RANDOM = new SecureRandom(new byte[] {1});

    @ParameterizedTest
    @ValueSource(strings = {"", "pw", "päss wörd ✓"})
    void encodePrivate_roundTripsWithPassword(String password) throws Exception {
        SigningKey key = Keys.generate(RANDOM);
        String pem = Keys.encodePrivate(key, password.toCharArray(), RANDOM);

        SigningKey back = Keys.parsePrivate(pem, PasswordSource.of(password.toCharArray()));

        assertThat(pem).startsWith("-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n");
        assertThat(back.privateKey().getS()).isEqualTo(key.privateKey().getS());
        assertThat(back.publicKey().getW()).isEqualTo(key.publicKey().getW());
    }

    @Test
    void parsePrivate_rejectsWrongPassword() {
        SigningKey key = Keys.generate(RANDOM);
        String pem = Keys.encodePrivate(key, "right".toCharArray(), RANDOM);

        assertThatThrownBy(() -> Keys.parsePrivate(pem, PasswordSource.of("wrong".toCharArray())))
                .isInstanceOf(KeyParseException.class).hasMessageContaining("wrong password");
    }

    @Test
    void parsePrivate_readsUnencryptedPkcs8() throws Exception {
        SigningKey key = Keys.generate(RANDOM);
        String pem = new Pem("PRIVATE KEY", key.privateKey().getEncoded()).encode();

        SigningKey back = Keys.parsePrivate(pem, confirm -> {
            throw new AttestException(dev.bulwark.core.BulwarkException.Kind.BAD_INPUT, "no password expected");
        });

        assertThat(back.publicKey().getW()).isEqualTo(key.publicKey().getW());
    }

    @Test
    void parsePublic_roundTrips() throws Exception {
        SigningKey key = Keys.generate(RANDOM);
        assertThat(Keys.parsePublic(Keys.encodePublic(key.publicKey())).getW()).isEqualTo(key.publicKey().getW());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hello", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
            "-----BEGIN PUBLIC KEY-----\n!!!\n-----END PUBLIC KEY-----\n"})
    void parsePublic_rejectsNonKeys(String text) {
        assertThatThrownBy(() -> Keys.parsePublic(text)).isInstanceOf(KeyParseException.class);
    }

    @Test
    void secretBox_detectsTampering() {
        byte[] key = new byte[32];
        byte[] nonce = new byte[24];
        byte[] box = SecretBox.seal("message".getBytes(java.nio.charset.StandardCharsets.UTF_8), nonce, key);
        assertThat(SecretBox.open(box, nonce, key)).asString().isEqualTo("message");
        box[box.length - 1] ^= 1;
        assertThat(SecretBox.open(box, nonce, key)).isNull();
    }
}
