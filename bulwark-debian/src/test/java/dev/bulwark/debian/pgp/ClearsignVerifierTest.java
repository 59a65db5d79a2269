package dev.bulwark.debian.pgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.bulwark.core.BulwarkException;
import dev.bulwark.testkit.TestKey;

class ClearsignVerifierTest {
    private static final String RELEASE = "Origin: Debian\nSuite: trixie\nSHA256:\n 00ff 12 main/binary-amd64/Packages\n";
    private static final TestKey KEY = TestKey.generate("Archive <archive@example.invalid>");
    private static final TestKey STRANGER = TestKey.generate("Stranger <x@example.invalid>");
    private static final TestKey EXPIRED = TestKey.generateExpired("Old <old@example.invalid>");

    private static Keyring keyring(TestKey... keys) throws SignatureException {
        Keyring out = null;
        for (TestKey key : keys) {
            Keyring one = Keyring.load(new ByteArrayInputStream(key.publicKeyring()), key.userId());
            out = out == null ? one : out.plus(one);
        }
        return out;
    }

    private static VerifiedText verify(Keyring keyring, byte[] message) throws SignatureException {
        return new ClearsignVerifier(keyring, Clock.systemUTC()).verify(message, "dists/trixie/InRelease");
    }

    @Test
    void verify_returnsSignedTextAndSigner() throws Exception {
        VerifiedText verified = verify(keyring(KEY), KEY.clearsign(RELEASE));
        assertThat(verified.text()).isEqualTo(RELEASE);
        assertThat(verified.goodSignerFingerprints()).containsExactly(KEY.fingerprint());
    }

    @Test
    void verify_acceptsSigningSubkeyAndReportsPrimaryFingerprint() throws Exception {
        TestKey withSubkey = TestKey.generateWithSigningSubkey("Sub <sub@example.invalid>");
        assertThat(withSubkey.signingFingerprint()).isNotEqualTo(withSubkey.fingerprint());
        VerifiedText verified = verify(keyring(withSubkey), withSubkey.clearsign(RELEASE));
        assertThat(verified.goodSignerFingerprints()).containsExactly(withSubkey.fingerprint());
    }

    @Test
    void verify_acceptsWhenOneSignerIsUnknownAndOneGood() throws Exception {
        VerifiedText verified = verify(keyring(KEY), TestKey.clearsignAll(RELEASE, STRANGER, KEY));
        assertThat(verified.goodSignerFingerprints()).containsExactly(KEY.fingerprint());
    }

    @Test
    void verify_acceptsCrlfMessageAndUnescapesDashesAndDropsTrailingWhitespace() throws Exception {
        String text = "A: 1   \n-- dashes\n\nB: 2\t\n";
        byte[] crlf = new String(KEY.clearsign(text), StandardCharsets.UTF_8).replace("\n", "\r\n")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(verify(keyring(KEY), crlf).text()).isEqualTo("A: 1\n-- dashes\n\nB: 2\n");
    }

    @Test
    void verify_refusesKeyThatExpiredAfterSigning() throws Exception {
        TestKey shortLived = TestKey.generate("Short", Instant.now().minus(Duration.ofDays(10)), Duration.ofDays(30));
        byte[] signed = shortLived.clearsign(RELEASE);
        Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(60)), ZoneOffset.UTC);
        assertThat(new ClearsignVerifier(keyring(shortLived), Clock.systemUTC()).verify(signed, "x").text())
                .isEqualTo(RELEASE);
        assertThatThrownBy(() -> new ClearsignVerifier(keyring(shortLived), later).verify(signed, "x"))
                .isInstanceOf(SignatureException.class)
                .hasMessageContaining("cannot verify x: key " + shortLived.fingerprint() + " expired on");
    }

    /** A message that must be refused, and the words the refusal must contain. */
    record Refusal(String scenario, Function<byte[], byte[]> mangle, TestKey signer, String... expected) {
        @Override
        public String toString() {
            return scenario;
        }
    }

    static Stream<Refusal> refusals() {
        return Stream.of(
                new Refusal("tampered text", m -> replace(m, "Suite: trixie", "Suite: trixiE"), KEY,
                        "does not match the signed text", KEY.fingerprint(), "altered"),
                new Refusal("unknown key", m -> m, STRANGER, "no signature is by a key in the keyring",
                        STRANGER.keyId(), KEY.fingerprint(), "keyring:"),
                new Refusal("expired key", m -> m, EXPIRED, "key " + EXPIRED.fingerprint(), "expired on"),
                new Refusal("unsigned file", m -> RELEASE.getBytes(StandardCharsets.UTF_8), KEY,
                        "not an OpenPGP cleartext-signed message"),
                new Refusal("signature block removed", m -> cut(m, "-----BEGIN PGP SIGNATURE-----"), KEY,
                        "no signature block"),
                new Refusal("text appended after signature", m -> append(m, "Suite: evil\n"), KEY,
                        "unexpected data after the signature block"),
                new Refusal("unescaped dash line injected", m -> replace(m, "Origin: Debian\n",
                        "Origin: Debian\n-----BEGIN PGP SIGNED MESSAGE-----\n"), KEY, "unescaped dash"),
                new Refusal("extra armor header", m -> replace(m, "Hash: SHA256\n", "Hash: SHA256\nX: y\n"), KEY,
                        "unexpected armor header"),
                new Refusal("corrupt signature armor", m -> replace(m, "-----END PGP SIGNATURE-----",
                        "!!!!\n-----END PGP SIGNATURE-----"), KEY, "cannot verify"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void verify_refusesBadMessagesWithAClearReason(Refusal refusal) throws Exception {
        Keyring keyring = keyring(KEY, EXPIRED);
        byte[] message = refusal.mangle().apply(TestKey.clearsignAll(RELEASE, refusal.signer()));
        assertThatThrownBy(() -> verify(keyring, message))
                .isInstanceOf(SignatureException.class)
                .hasMessageStartingWith("cannot verify dists/trixie/InRelease: ")
                .hasMessageContainingAll(refusal.expected())
                .satisfies(e -> assertThat(((BulwarkException) e).kind()).isEqualTo(BulwarkException.Kind.ENVIRONMENT));
    }

    private static byte[] replace(byte[] message, String from, String to) {
        String s = new String(message, StandardCharsets.UTF_8);
        assertThat(s).contains(from);
        return s.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] cut(byte[] message, String from) {
        String s = new String(message, StandardCharsets.UTF_8);
        return s.substring(0, s.indexOf(from)).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] append(byte[] message, String text) {
        return (new String(message, StandardCharsets.UTF_8) + text).getBytes(StandardCharsets.UTF_8);
    }
}
