package dev.bulwark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.bulwark.oci.Platform;
import dev.bulwark.oci.transport.layout.LayoutSource;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/**
 * {@code catalog webhooks|feed|rollback|costs} end to end on the testkit's fake archive: two releases and a
 * rollback reach a receiver on 127.0.0.1 signed, the feed lists them, the layout's tag moves back.
 */
class CatalogNotifyCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    FakeArchiveCli fake;
    String db;
    HttpServer receiver;
    final List<Map.Entry<Map<String, String>, byte[]>> received = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        fake = new FakeArchiveCli(dir);
        db = dir.resolve("catalog.db").toString();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        receiver.createContext("/in", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new java.util.TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
            synchronized (received) {
                received.add(Map.entry(headers, body));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
        fake.close();
    }

    @Test
    void releasesAndARollback_reachTheReceiverSigned_andTheFeedAndCostsTellThem() throws Exception {
        Path secretFile = dir.resolve("hook.secret");
        CliRun add = CliRun.of("catalog", "webhooks", "add", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/in",
                "--name", "ci", "--secret-file", secretFile.toString(), "--catalog", db);
        assertThat(add.exitCode()).as(add.err()).isZero();
        assertThat(add.out()).contains("ci").doesNotContain("whsec_");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile))).isEqualTo("rw-------");
        String secret = Files.readString(secretFile).strip();

        Path spec = fake.pythonSpec();
        Path layout = dir.resolve("py");
        assertThat(fake.run("catalog", "add", spec.toString(), "--catalog", db, "--publish", "oci:" + layout).exitCode()).isZero();
        Thread.sleep(1100); // the next build's timestamped tag is a different second
        Files.writeString(spec, Files.readString(spec).replace("packages: [python3, tzdata]", "packages: [python3]"));
        assertThat(fake.run("lock", spec.toString()).exitCode()).isZero();
        assertThat(fake.run("catalog", "add", spec.toString(), "--catalog", db).exitCode()).isZero();

        JsonNode history = JSON.readTree(CliRun.of("catalog", "history", "python3", "--catalog", db, "--format", "json").out());
        String firstManifest = history.get("builds").get(1).get("platforms").get(0).get("manifest").asText();
        CliRun rollback = CliRun.of("catalog", "rollback", "python3", "--to", "1", "--catalog", db);
        assertThat(rollback.exitCode()).as(rollback.err()).isZero();
        assertThat(rollback.out()).contains("rolled back to build 1");
        assertThat(new LayoutSource(layout, "latest").image(Platform.fromDebianArch("amd64")).digest()).hasToString(firstManifest);

        List<Map.Entry<Map<String, String>, byte[]>> got;
        synchronized (received) {
            got = List.copyOf(received);
        }
        assertThat(got).hasSize(3);
        List<String> types = new ArrayList<>();
        for (Map.Entry<Map<String, String>, byte[]> r : got) {
            assertThat(verifies(secret, r.getKey(), r.getValue())).as("signature").isTrue();
            assertThat(r.getKey()).containsEntry("content-type", "application/cloudevents+json");
            types.add(JSON.readTree(r.getValue()).get("type").asText());
        }
        assertThat(types).containsExactly("dev.bulwark.image.released", "dev.bulwark.image.released",
                "dev.bulwark.image.rolledback");
        JsonNode second = JSON.readTree(got.get(1).getValue()).get("data");
        assertThat(second.get("changes").findValuesAsText("name")).contains("tzdata");
        assertThat(second.get("changes").findValuesAsText("change")).contains("removed");

        Path feed = dir.resolve("site").resolve("releases.atom");
        Files.createDirectories(feed.getParent());
        CliRun atom = CliRun.of("catalog", "feed", "--format", "atom", "--output", feed.toString(), "--catalog", db);
        assertThat(atom.exitCode()).as(atom.err()).isZero();
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(feed.toFile());
        assertThat(doc.getDocumentElement().getElementsByTagNameNS("http://www.w3.org/2005/Atom", "entry").getLength())
                .isEqualTo(3);
        JsonNode jsonFeed = JSON.readTree(CliRun.of("catalog", "feed", "--image", "python3", "--catalog", db).out());
        assertThat(jsonFeed.get("version").asText()).isEqualTo("https://jsonfeed.org/version/1.1");
        assertThat(jsonFeed.get("items").get(0).get("title").asText()).isEqualTo("python3 rolled back to build 1 (from build 2)");

        JsonNode costs = JSON.readTree(CliRun.of("catalog", "costs", "--format", "json", "--catalog", db).out());
        assertThat(costs.get("total").get("builds").asInt()).isEqualTo(2);
        assertThat(costs.get("total").get("rebuilds").asInt()).isEqualTo(1);
        assertThat(costs.get("total").get("pushedBytes").asLong()).isPositive();

        JsonNode log = JSON.readTree(CliRun.of("catalog", "webhooks", "log", "ci", "--format", "json", "--catalog", db).out());
        assertThat(log).hasSize(3);
        log.forEach(a -> assertThat(a.get("outcome").asText()).isEqualTo("delivered"));
        CliRun deliver = CliRun.of("catalog", "webhooks", "deliver", "--catalog", db);
        assertThat(deliver.exitCode()).as(deliver.err()).isZero();
        assertThat(deliver.out()).contains("0 pending, 0 failed");
    }

    @Test
    void webhooksAdd_refusesABadUrlAndAForeignSecret() throws Exception {
        CliRun ftp = CliRun.of("catalog", "webhooks", "add", "ftp://127.0.0.1/x", "--catalog", db);
        assertThat(ftp.exitCode()).isEqualTo(2);
        assertThat(ftp.err()).contains("cannot add webhook 127.0.0.1: a webhook URL is http(s)://");
        Path bad = dir.resolve("bad.secret");
        Files.writeString(bad, "hunter2\n");
        CliRun secret = CliRun.of("catalog", "webhooks", "add", "http://127.0.0.1:1/x", "--secret-file", bad.toString(),
                "--catalog", db);
        assertThat(secret.exitCode()).isEqualTo(2);
        assertThat(secret.err()).contains("cannot use webhook secret " + bad + ": a webhook secret starts with whsec_");
        CliRun missing = CliRun.of("catalog", "webhooks", "test", "nope", "--catalog", db);
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("cannot find webhook nope");
    }

    /** Standard Webhooks, checked apart from the sender's code: HMAC-SHA256 of id.timestamp.body. */
    private static boolean verifies(String secret, Map<String, String> headers, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
        mac.update((headers.get("webhook-id") + "." + headers.get("webhook-timestamp") + ".").getBytes(StandardCharsets.UTF_8));
        byte[] expected = mac.doFinal(body);
        for (String s : headers.get("webhook-signature").split(" ")) {
            if (s.startsWith("v1,") && MessageDigest.isEqual(expected, Base64.getDecoder().decode(s.substring(3)))) {
                return true;
            }
        }
        return false;
    }
}
