package dev.bulwark.debian.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standard transport's TLS trust, loaded at the first handshake: it must refuse what the JDK's default trust
 * refuses (an unknown certificate, a certificate for another host) and accept what it accepts.
 */
class DeferredTrustTest {
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path dir;

    private HttpsServer server;
    private Path keystore;
    private String savedTrustStore;
    private String savedTrustStorePassword;

    @BeforeEach
    void start() throws Exception {
        keystore = dir.resolve("server.p12");
        // A self-signed certificate for "localhost" only (no IP address), made by the JDK's own keytool.
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-alias", "server", "-keyalg", "EC", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost",
                "-validity", "2").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(output).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            ks.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/file", exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        // An https file that moved to plain http: a downgrade the transport must not follow.
        server.createContext("/downgrade", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://localhost:" + server.getAddress().getPort() + "/file");
            exchange.sendResponseHeaders(301, -1);
            exchange.close();
        });
        server.start();
        savedTrustStore = System.getProperty("javax.net.ssl.trustStore");
        savedTrustStorePassword = System.getProperty("javax.net.ssl.trustStorePassword");
    }

    @AfterEach
    void stop() {
        server.stop(0);
        restore("javax.net.ssl.trustStore", savedTrustStore);
        restore("javax.net.ssl.trustStorePassword", savedTrustStorePassword);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private Download get(String host) throws ArchiveException {
        return get(host, "/file");
    }

    private Download get(String host, String path) throws ArchiveException {
        try (HttpTransport transport = HttpTransport.standard(new RetryPolicy(1, Duration.ZERO, Duration.ZERO))) {
            URI uri = URI.create("https://" + host + ":" + server.getAddress().getPort() + path);
            return transport.get(uri, dir.resolve("got-" + host), HttpTransport.Expect.NOTHING, null, null, null);
        }
    }

    @Test
    void standardTransport_refusesACertificateTheDefaultTrustStoreDoesNotHold() {
        assertThatThrownBy(() -> get("localhost")).isInstanceOf(ArchiveException.class)
                .hasMessageContaining("cannot fetch https://localhost");
    }

    @Test
    void standardTransport_trustsTheConfiguredTrustStore_butOnlyForTheCertificatesHost() throws Exception {
        System.setProperty("javax.net.ssl.trustStore", keystore.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
        Download d = get("localhost");
        assertThat(Files.readString(d.file())).isEqualTo("hello");
        // The same trusted certificate, reached by an address it does not name: the host name check still applies.
        assertThatThrownBy(() -> get("127.0.0.1")).isInstanceOf(ArchiveException.class);
    }

    @Test
    void standardTransport_neverFollowsARedirectFromHttpsToHttp() {
        System.setProperty("javax.net.ssl.trustStore", keystore.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
        assertThatThrownBy(() -> get("localhost", "/downgrade")).isInstanceOf(ArchiveException.class)
                .hasMessageContaining("redirects from https to http");
        assertThat(dir.resolve("got-localhost")).doesNotExist();
    }
}
