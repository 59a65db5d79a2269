package dev.bulwark.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.catalog.db.CatalogLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A catalog database that cannot be reached: the server still starts, and answers 503 until it can. */
class ApiUnavailableTest {

    @Test
    void postgresDown_is503WithRetryAfter_andTheLogSaysWhy() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CatalogLocation pg = CatalogLocation.parse("postgresql://bulwark:secret@127.0.0.1:" + closed + "/catalog");
        OpenApiDocument doc = new OpenApiDocument();
        try (BulwarkServer server = BulwarkServer.start(ServerConfig.of(new Listen("127.0.0.1", 0)), pg,
                Duration.ofSeconds(1), Clock.systemUTC(), new PrintStream(log, true, StandardCharsets.UTF_8))) {
            HttpClient http = HttpClient.newHttpClient();
            for (String path : new String[] {"/images", "/health"}) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(server.apiUri() + path))
                        .header("Authorization", "Bearer bwk_" + "B".repeat(43)).build(), HttpResponse.BodyHandlers.ofString());
                doc.checkError(r, 503, "the catalog database is unavailable; try again later");
                assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
                doc.check("GET " + path, r);
            }
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertThat(logged).contains("the database server cannot be reached").contains("127.0.0.1:" + closed)
                .doesNotContain("secret");
    }
}
