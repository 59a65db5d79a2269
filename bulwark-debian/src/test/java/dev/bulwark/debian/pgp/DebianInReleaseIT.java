package dev.bulwark.debian.pgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.bulwark.testkit.TestKey;

/**
 * Verifies a live Debian 13 InRelease with the bundled keys. The mirror is read from the host's apt sources, never
 * written here. Needs the network: fails when CI=true and the mirror cannot be reached, skips otherwise.
 */
class DebianInReleaseIT {
    private static final boolean CI = "true".equals(System.getenv("CI"));

    @Test
    void debianArchive_verifiesLiveTrixieInReleaseAndRefusesATamperedCopy() throws Exception {
        URI mirror = hostMirror(false);
        byte[] inRelease = fetch(mirror.resolve("dists/trixie/InRelease"));
        ClearsignVerifier verifier = new ClearsignVerifier(Keyring.debianArchive(), Clock.systemUTC());

        VerifiedText verified = verifier.verify(inRelease, "trixie InRelease");
        assertThat(verified.text()).contains("Codename: trixie", "SHA256:").doesNotContain("BEGIN PGP");
        // Verification stops at the first good signature; which of Debian's keys that is depends on signature order.
        assertThat(verified.goodSignerFingerprints()).isNotEmpty().allMatch(Keyring.debianArchive().fingerprints()::contains);
        VerifiedText bundledOnly = new ClearsignVerifier(Keyring.debianArchive(Path.of("/nonexistent/keyring.gpg")),
                Clock.systemUTC()).verify(inRelease, "trixie InRelease");
        assertThat(bundledOnly.text()).isEqualTo(verified.text());

        String text = new String(inRelease, StandardCharsets.UTF_8);
        byte[] tampered = text.replaceFirst("Codename: trixie", "Codename: trixiE").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> verifier.verify(tampered, "tampered trixie InRelease"))
                .isInstanceOf(SignatureException.class)
                .hasMessageContaining("does not match the signed text");
        Keyring stranger = Keyring.load(new ByteArrayInputStream(
                TestKey.generate("x").publicKeyring()), "spec keyring x.gpg");
        assertThatThrownBy(() -> new ClearsignVerifier(stranger, Clock.systemUTC()).verify(inRelease, "trixie"))
                .hasMessageContainingAll("no signature is by a key in the keyring", "762F67A0B2C39DE4");
    }

    @Test
    void debianArchive_verifiesLiveTrixieSecurityInRelease() throws Exception {
        URI security = hostMirror(true);
        byte[] inRelease = fetch(security.resolve("dists/trixie-security/InRelease"));
        VerifiedText verified = new ClearsignVerifier(Keyring.debianArchive(), Clock.systemUTC())
                .verify(inRelease, "trixie-security InRelease");
        assertThat(verified.text()).contains("Codename: trixie-security");
        assertThat(verified.goodSignerFingerprints()).isNotEmpty().allMatch(Keyring.debianArchive().fingerprints()::contains);
    }

    private static byte[] fetch(URI uri) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            return unavailable("cannot fetch " + uri + ": " + e);
        }
    }

    /** The first archive (or security archive) base URI named in the host's apt sources, with a trailing slash. */
    private static URI hostMirror(boolean security) throws IOException {
        List<String[]> entries = new ArrayList<>(); // {uri, suite}
        Path dir = Path.of("/etc/apt/sources.list.d");
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".sources")).sorted().toList()) {
                    readDeb822(Files.readString(f), entries);
                }
            }
        }
        Path list = Path.of("/etc/apt/sources.list");
        if (Files.isReadable(list)) {
            for (String line : Files.readAllLines(list)) {
                String[] w = line.replaceAll("\\[[^]]*]", " ").trim().split("\\s+");
                if (w.length >= 3 && w[0].equals("deb")) {
                    entries.add(new String[] {w[1], w[2]});
                }
            }
        }
        for (String[] e : entries) {
            if (e[1].endsWith("-security") == security && e[0].startsWith("http")) {
                return URI.create(e[0].endsWith("/") ? e[0] : e[0] + "/");
            }
        }
        return unavailable("no " + (security ? "security " : "") + "archive in the host's apt sources");
    }

    private static void readDeb822(String text, List<String[]> entries) {
        for (String stanza : text.split("\n\\s*\n")) {
            String uris = field(stanza, "URIs");
            String suites = field(stanza, "Suites");
            if (uris != null && suites != null) {
                for (String uri : uris.split("\\s+")) {
                    for (String suite : suites.split("\\s+")) {
                        entries.add(new String[] {uri, suite});
                    }
                }
            }
        }
    }

    private static String field(String stanza, String name) {
        for (String line : stanza.split("\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) {
                return line.substring(name.length() + 1).trim();
            }
        }
        return null;
    }

    private static <T> T unavailable(String why) {
        if (CI) {
            throw new AssertionError("the Debian archive is required on CI: " + why);
        }
        Assumptions.abort("Debian archive unreachable, skipping: " + why);
        return null;
    }
}
