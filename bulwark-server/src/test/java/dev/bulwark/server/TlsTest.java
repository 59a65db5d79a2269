package dev.bulwark.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bulwark.server.tls.PemKeyPair;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS from a PEM certificate and key that openssl makes in the test; a client trusting that certificate. */
class TlsTest {
    @TempDir
    Path dir;

    @Test
    void https_servesWithTheGivenCertificate_andPlainHttpIsNotAnswered() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        selfSigned("rsa:2048", cert, key);
        try (TestServer s = new TestServer(dir, ServerConfig.of(new Listen("127.0.0.1", 0)).withTls(cert, key))) {
            assertThat(s.server.apiUri().getScheme()).isEqualTo("https");
            HttpClient client = HttpClient.newBuilder().sslContext(trusting(cert)).connectTimeout(Duration.ofSeconds(5))
                    .build();
            URI uri = URI.create("https://localhost:" + s.server.port() + "/api/v1/images/python3");
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + s.read)
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("\"name\" : \"python3\"");
            assertThat(r.sslSession()).isPresent();

            HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.server.port()
                    + "/api/v1/health")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isInstanceOf(IOException.class);
        }
    }

    @Test
    void ecKey_works() throws Exception {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        selfSigned("ec", cert, key);
        assertThat(PemKeyPair.read(cert, key).key().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void aKeyOfAnotherCertificate_isRefused() throws Exception {
        selfSigned("rsa:2048", dir.resolve("a.pem"), dir.resolve("a-key.pem"));
        selfSigned("rsa:2048", dir.resolve("b.pem"), dir.resolve("b-key.pem"));
        assertThatThrownBy(() -> PemKeyPair.read(dir.resolve("a.pem"), dir.resolve("b-key.pem")))
                .hasMessageContaining("it does not belong to the certificate");
    }

    @Test
    void anOldFormKey_isRefusedSayingHowToConvert() throws Exception {
        selfSigned("rsa:2048", dir.resolve("c.pem"), dir.resolve("k.pem"));
        run("openssl", "rsa", "-in", dir.resolve("k.pem").toString(), "-traditional", "-out",
                dir.resolve("rsa.pem").toString());
        assertThatThrownBy(() -> PemKeyPair.read(dir.resolve("c.pem"), dir.resolve("rsa.pem")))
                .hasMessageContaining("RSA PRIVATE KEY").hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void notACertificate_isRefused() throws Exception {
        Files.writeString(dir.resolve("junk.pem"), "hello");
        assertThatThrownBy(() -> PemKeyPair.read(dir.resolve("junk.pem"), dir.resolve("junk.pem")))
                .hasMessageContaining("holds no PEM CERTIFICATE block");
    }

    private void selfSigned(String kind, Path cert, Path key) throws Exception {
        if (kind.equals("ec")) {
            run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-keyout", key.toString(), "-out", cert.toString());
        } else {
            run("openssl", "req", "-x509", "-newkey", kind, "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", key.toString(),
                    "-out", cert.toString());
        }
    }

    private static void run(String... command) throws Exception {
        boolean present = Files.isExecutable(Path.of("/usr/bin/openssl"));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("openssl is needed for the TLS tests (apt-get install openssl)");
        }
        assumeTrue(present, "openssl is not installed; skipping the TLS tests");
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).as(new String(out)).isZero();
    }

    private static SSLContext trusting(Path cert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trust.setCertificateEntry("bulwark", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
