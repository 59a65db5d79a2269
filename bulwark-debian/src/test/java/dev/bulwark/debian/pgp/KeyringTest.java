package dev.bulwark.debian.pgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.bulwark.testkit.TestKey;

class KeyringTest {
    private static final TestKey A = TestKey.generate("A");
    private static final TestKey B = TestKey.generate("B");

    @Test
    void load_readsBinaryKeyringWithSeveralKeys(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys.gpg");
        Files.write(file, concat(A.publicKeyring(), B.publicKeyring()));
        assertThat(Keyring.load(file).fingerprints()).containsExactly(A.fingerprint(), B.fingerprint());
    }

    @Test
    void load_readsSeveralArmoredBlocksWithTextAround() throws Exception {
        String armored = "comment line\n" + A.publicKeyArmored() + "\nmore\n" + B.publicKeyArmored();
        Keyring keyring = Keyring.load(new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)), "x.asc");
        assertThat(keyring.fingerprints()).containsExactly(A.fingerprint(), B.fingerprint());
    }

    @Test
    void plus_combinesAndDeduplicatesFingerprints() throws Exception {
        Keyring a = Keyring.load(new ByteArrayInputStream(A.publicKeyring()), "a");
        Keyring b = Keyring.load(new ByteArrayInputStream(B.publicKeyring()), "b");
        assertThat(a.plus(b).plus(a).fingerprints()).containsExactly(A.fingerprint(), B.fingerprint());
        assertThat(a.plus(b).sources()).containsExactly("a", "b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not a key", "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nAAAA\n"})
    void load_refusesInputWithoutKeys(String input) {
        assertThatThrownBy(() -> Keyring.load(new ByteArrayInputStream(input.getBytes(StandardCharsets.US_ASCII)),
                "bad.gpg")).isInstanceOf(SignatureException.class).hasMessageStartingWith("cannot read keyring bad.gpg: ");
    }

    @Test
    void load_explainsKeyboxFiles() {
        byte[] kbx = new byte[32];
        System.arraycopy("KBXf".getBytes(StandardCharsets.US_ASCII), 0, kbx, 8, 4);
        assertThatThrownBy(() -> Keyring.load(new ByteArrayInputStream(kbx), "pubring.kbx"))
                .hasMessageContaining("keybox").hasMessageContaining("gpg --export");
    }

    @Test
    void debianArchive_loadsBundledReleaseKeysWithoutHostKeyring(@TempDir Path dir) throws Exception {
        Keyring keyring = Keyring.debianArchive(dir.resolve("absent.gpg"));
        assertThat(keyring.fingerprints()).contains(
                "04B54C3CDCA79751B16BC6B5225629DF75B188BD", // trixie automatic
                "5E04A1E3223A19A20706E20F9904613D4CCE68C6", // trixie security automatic
                "41587F7DB8C774BCCF131416762F67A0B2C39DE4", // trixie stable
                "B8B80B5B623EAB6AD8775C45B7C5D7D6350947F8") // bookworm automatic
                .hasSize(Keyring.BUNDLED.size());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
