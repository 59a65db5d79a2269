package dev.bulwark.debian.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bulwark.core.Sha256;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transport against a real HTTP server on loopback: redirects, conditional requests, retries, kept connections. */
class HttpTransportTest {
    private static final byte[] BODY = "Origin: Debian\n".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final AtomicInteger busyLeft = new AtomicInteger();
    private final AtomicInteger cutLeft = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        requests.add(path);
        clientPorts.add(x.getRemoteAddress().getPort());
        x.getRequestBody().readAllBytes();
        switch (path) {
            case "/file" -> {
                if ("\"v1\"".equals(x.getRequestHeaders().getFirst("If-None-Match"))) {
                    x.sendResponseHeaders(304, -1);
                } else {
                    x.getResponseHeaders().add("ETag", "\"v1\"");
                    x.getResponseHeaders().add("Last-Modified", "Tue, 01 Dec 2026 10:00:00 GMT");
                    x.sendResponseHeaders(200, BODY.length);
                    x.getResponseBody().write(BODY);
                }
            }
            case "/moved" -> redirect(x, 301, "/file");
            case "/cut" -> {
                if (cutLeft.getAndDecrement() > 0) {
                    // announces the whole body, sends a tenth of it and drops the connection
                    x.sendResponseHeaders(200, 100);
                    x.getResponseBody().write(new byte[10]);
                    x.getResponseBody().flush();
                    throw new IOException("connection dropped on purpose");
                }
                x.sendResponseHeaders(200, 100);
                x.getResponseBody().write(new byte[100]);
            }
            case "/relative-chain" -> redirect(x, 307, "moved");
            case "/loop" -> redirect(x, 302, "/loop");
            case "/to-ftp" -> redirect(x, 302, "ftp://example.invalid/file");
            case "/busy" -> {
                if (busyLeft.getAndDecrement() > 0) {
                    x.getResponseHeaders().add("Retry-After", "0");
                    byte[] page = "try later".getBytes(StandardCharsets.US_ASCII);
                    x.sendResponseHeaders(503, page.length);
                    x.getResponseBody().write(page);
                } else {
                    x.sendResponseHeaders(200, BODY.length);
                    x.getResponseBody().write(BODY);
                }
            }
            default -> {
                byte[] page = "no such file".getBytes(StandardCharsets.US_ASCII);
                x.sendResponseHeaders(404, page.length);
                x.getResponseBody().write(page);
            }
        }
        x.close();
    }

    private static void redirect(HttpExchange x, int status, String location) throws IOException {
        x.getResponseHeaders().add("Location", location);
        x.sendResponseHeaders(status, -1);
    }

    private URI at(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static HttpTransport transport(int attempts) {
        return new HttpTransport(new RetryPolicy(attempts, Duration.ZERO, Duration.ZERO));
    }

    @Test
    void get_keepsTheVerifiedBytes_andTheValidatorsForTheNextConditionalRequest() throws Exception {
        HttpTransport t = transport(1);
        Path dest = dir.resolve("InRelease");
        Download d = t.get(at("/file"), dest, new HttpTransport.Expect(BODY.length, Sha256.hex(BODY)),
                null, null, null);
        assertThat(Files.readAllBytes(dest)).isEqualTo(BODY);
        assertThat(d.notModified()).isFalse();
        assertThat(d.etag()).isEqualTo("\"v1\"");
        assertThat(d.lastModified()).isEqualTo("Tue, 01 Dec 2026 10:00:00 GMT");

        Download again = t.get(at("/file"), dest, HttpTransport.Expect.NOTHING, "\"v1\"", null, null);
        assertThat(again.notModified()).isTrue();
        assertThat(Files.readAllBytes(dest)).isEqualTo(BODY);
    }

    @Test
    void get_followsRedirects_relativeOnesToo() throws Exception {
        Download d = transport(1).get(at("/relative-chain"), dir.resolve("f"), HttpTransport.Expect.NOTHING, null, null,
                null);
        assertThat(Files.readAllBytes(d.file())).isEqualTo(BODY);
        assertThat(requests).containsExactly("/relative-chain", "/moved", "/file");
    }

    @Test
    void get_refusesARedirectLoop_andALocationThatIsNotHttp_keepingNothing() {
        assertThatThrownBy(() -> transport(1).get(at("/loop"), dir.resolve("f"), HttpTransport.Expect.NOTHING, null,
                null, null)).isInstanceOf(ArchiveException.class).hasMessageContaining("more than "
                + HttpTransport.MAX_REDIRECTS + " redirects");
        assertThat(requests).hasSize(HttpTransport.MAX_REDIRECTS + 1);
        assertThatThrownBy(() -> transport(1).get(at("/to-ftp"), dir.resolve("f"), HttpTransport.Expect.NOTHING, null,
                null, null)).isInstanceOf(ArchiveException.class).hasMessageContaining("which is not http(s)");
        assertThat(dir.resolve("f")).doesNotExist();
        assertThat(dir.toFile().list()).isEmpty();
    }

    @Test
    void get_retriesWhileTheServerIsBusy_andSaysWhenItStaysBusy() throws Exception {
        busyLeft.set(2);
        Download d = transport(3).get(at("/busy"), dir.resolve("f"), HttpTransport.Expect.NOTHING, null, null, null);
        assertThat(Files.readAllBytes(d.file())).isEqualTo(BODY);
        assertThat(requests).containsExactly("/busy", "/busy", "/busy");

        busyLeft.set(5);
        assertThatThrownBy(() -> transport(2).get(at("/busy"), dir.resolve("g"), HttpTransport.Expect.NOTHING, null,
                null, null)).isInstanceOf(ArchiveException.class).hasMessageContaining("HTTP 503 2 time(s)");
    }

    @Test
    void get_ofAMissingFile_isNotFound_notRetried() {
        assertThatThrownBy(() -> transport(3).get(at("/nope"), dir.resolve("f"), HttpTransport.Expect.NOTHING, null,
                null, null)).isInstanceOf(NotFoundException.class).hasMessageContaining("HTTP 404");
        assertThat(requests).containsExactly("/nope");
    }

    @Test
    void get_manyFilesOneAfterAnother_overOneKeptConnection() throws Exception {
        HttpTransport t = transport(1);
        for (int i = 0; i < 5; i++) {
            t.get(at("/file"), dir.resolve("f" + i), HttpTransport.Expect.NOTHING, null, null, null);
            // errors and redirects in between leave the connection usable too
            t.get(at("/moved"), dir.resolve("m" + i), HttpTransport.Expect.NOTHING, null, null, null);
        }
        assertThat(requests).hasSize(15);   // each /moved is two requests
        assertThat(clientPorts).as("client connections").hasSize(1);
    }

    @Test
    void get_ofAServerThatIsNotThere_isANetworkError_afterEveryAttempt() throws Exception {
        int port;
        try (var probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        URI gone = URI.create("http://127.0.0.1:" + port + "/file");
        assertThatThrownBy(() -> transport(2).get(gone, dir.resolve("f"), HttpTransport.Expect.NOTHING, null, null,
                null)).isInstanceOf(ArchiveException.class).hasMessageContaining("(after 2 attempt(s))")
                .hasMessageContaining("ConnectException");
    }

    @Test
    void get_ofABodyCutShortOfItsLength_isRetried_andNeverKept() throws Exception {
        cutLeft.set(1);
        Download d = transport(2).get(at("/cut"), dir.resolve("f"), HttpTransport.Expect.NOTHING, null, null, null);
        assertThat(Files.size(d.file())).isEqualTo(100);
        assertThat(requests).containsExactly("/cut", "/cut");

        cutLeft.set(5);
        assertThatThrownBy(() -> transport(1).get(at("/cut"), dir.resolve("g"), HttpTransport.Expect.NOTHING, null,
                null, null)).isInstanceOf(ArchiveException.class).hasMessageContaining("ended after 10 of the 100 bytes");
        assertThat(dir.resolve("g")).doesNotExist();
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("f");
        }
    }
}
