package dev.bulwark.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Jetty refuses before the API sees a request — a URI it cannot parse, headers over its limit, a method a
 * path does not take — comes back in the API's JSON error shape, not as an HTML page. Sent over a raw socket,
 * since a well-behaved HTTP client would not send these.
 */
class ApiHttpErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static TestServer s;
    static OpenApiDocument doc;

    @BeforeAll
    static void start() throws Exception {
        s = new TestServer(dir);
        doc = new OpenApiDocument();
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    /** The status line, headers and body of one raw HTTP/1.1 exchange. */
    record Raw(int status, String head, String body) {
        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    private static Raw send(String requestHead) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", s.server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(requestHead.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String head = text.substring(0, split);
            return new Raw(Integer.parseInt(head.split(" ")[1]), head, text.substring(split + 4));
        }
    }

    private static String get(String target, String extraHeaders) {
        return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + s.read + "\r\n"
                + extraHeaders + "Connection: close\r\n\r\n";
    }

    private static void assertJsonError(Raw r, int status, String message) throws Exception {
        assertThat(r.status()).as(r.head() + "\n" + r.body()).isEqualTo(status);
        assertThat(r.head().toLowerCase()).contains("content-type: application/json");
        assertThat(r.body()).doesNotContain("<html");
        assertThat(doc.validate(doc.schema("Error"), r.json())).as(r.body()).isEmpty();
        assertThat(r.json().get("status").asInt()).isEqualTo(status);
        assertThat(r.json().get("error").asText()).contains(message);
    }

    @Test
    void aBadUri_is400InJson() throws Exception {
        assertJsonError(send(get("/api/v1/images/%zz", "")), 400, "the request cannot be read");
    }

    @Test
    void aUriOverTheLimit_isRefusedInJson() throws Exception {
        Raw r = send(get("/api/v1/images/" + "a".repeat(20_000), ""));
        assertThat(r.status()).as(r.body()).isIn(414, 431);
        assertJsonError(r, r.status(), "too");
    }

    @Test
    void headersOverTheLimit_are431InJson() throws Exception {
        Raw r = send(get("/api/v1/images", "X-Padding: " + "a".repeat(20_000) + "\r\n"));
        assertJsonError(r, 431, "the request headers are too large");
    }

    @Test
    void aMethodThePathDoesNotTake_is405InJsonWithAllow() throws Exception {
        Raw r = send("PUT /api/v1/images/python3 HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + s.admin
                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertJsonError(r, 405, "PUT is not allowed on /api/v1/images/python3");
        assertThat(r.head()).containsIgnoringCase("allow: GET");
    }

    @Test
    void anUnknownMethod_isRefusedInJson() throws Exception {
        Raw r = send("BREW /api/v1/images HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(r.status()).isBetween(400, 599);
        assertJsonError(r, r.status(), "");
    }

    @Test
    void garbageInsteadOfHttp_is400InJson() throws Exception {
        assertJsonError(send("HELLO\r\n\r\n"), 400, "the request cannot be read");
    }
}
