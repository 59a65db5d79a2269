package dev.bulwark.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.oci.image.Layer;
import dev.bulwark.server.reference.AllowedReference;
import dev.bulwark.server.reference.OutsideReferences;
import dev.bulwark.server.reference.ReferenceImages;
import dev.bulwark.server.reference.ReferenceReader;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.scan.advisory.TrackerJsonSource;
import dev.bulwark.testkit.Tamper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A catalogued image compared with outside references the operator allowed: through the API and on the dashboard,
 * including references that cannot be compared (no dpkg database, a layer that does not match its digest).
 */
class CompareReferenceTest {
    @TempDir
    Path dir;
    TestServer s;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() throws Exception {
        s = new TestServer(dir);
    }

    @AfterEach
    void stop() {
        s.close();
    }

    @Test
    void compareApi_withAnAllowedReference_givesPackagesSizeAndCvesOfBothSides() throws Exception {
        HttpResponse<String> r = s.get("/images/python3/compare?with=ref:plain", s.read);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode n = new ObjectMapper().readTree(r.body());
        long layers = s.plain.layers().stream().mapToLong((Layer l) -> l.descriptor().size()).sum();
        assertThat(n.at("/right/kind").asText()).isEqualTo("reference");
        assertThat(n.at("/right/label").asText()).isEqualTo("ref:plain (oci layout, tag v1)");
        assertThat(n.at("/right/digest").asText()).isEqualTo(s.plain.digest().toString());
        assertThat(n.at("/right/compressedBytes").asLong()).isEqualTo(layers);
        assertThat(n.at("/left/compressedBytes").asLong()).isEqualTo(4000);
        assertThat(n.at("/size/compressedBytesDelta").asLong()).isEqualTo(layers - 4000);
        assertThat(n.at("/right/packageCount").asInt()).isEqualTo(4);
        assertThat(n.at("/right/archs").toString()).isEqualTo("[\"amd64\"]");
        assertThat(n.get("packages").toString())
                .contains("{\"arch\":\"amd64\",\"name\":\"bash\",\"leftVersion\":null,\"rightVersion\":\"5.2.37-1\"}")
                .contains("{\"arch\":\"amd64\",\"name\":\"python3\",\"leftVersion\":\"3.13.5-3\",\"rightVersion\":\"3.13.5-1\"}")
                .doesNotContain("\"libc6\"");
        // python3 build 3 has CVE-2026-0002 (critical) in libssl3t64; the reference has it (negligible) and two more.
        assertThat(n.at("/left/severities").toString()).isEqualTo(
                "{\"critical\":1,\"high\":0,\"medium\":0,\"low\":0,\"negligible\":0,\"unknown\":0}");
        assertThat(n.at("/right/severities").toString()).isEqualTo(
                "{\"critical\":0,\"high\":1,\"medium\":0,\"low\":1,\"negligible\":1,\"unknown\":0}");
        assertThat(n.get("findings").toString()).contains("\"id\":\"CVE-2026-0100\"").contains("\"id\":\"CVE-2026-0200\"")
                .doesNotContain("CVE-2026-0002");
    }

    @Test
    void referencesApi_listsTheAllowedNames_andAnUnknownNameIs404() throws Exception {
        HttpResponse<String> list = s.get("/references", s.read);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).contains("\"with\" : \"ref:plain\"").contains("\"reference\" : \"oci layout, tag v1\"")
                .contains("\"name\" : \"static\"").doesNotContain(s.plainLayout.toString());
        HttpResponse<String> unknown = s.get("/images/python3/compare?with=ref:elsewhere", s.read);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("allows no reference elsewhere").contains("ref:plain, ref:static");
        HttpResponse<String> given = s.get("/images/python3/compare?with=ref:docker://evil.example/x:1", s.read);
        assertThat(given.statusCode()).as("an address is never read, only allowed names").isEqualTo(404);
    }

    @Test
    void refColonBuild_ofAnImageCalledRef_isThatBuild_unlessAReferenceHasThatName() throws Exception {
        Fleet.addImage(s.catalog, "ref");
        HttpResponse<String> build = s.get("/images/python3/compare?with=ref:2", s.read);
        assertThat(build.statusCode()).as(build.body()).isEqualTo(200);
        assertThat(new ObjectMapper().readTree(build.body()).at("/right/label").asText()).isEqualTo("ref build 2");
        HttpResponse<String> reference = s.get("/images/python3/compare?with=ref:plain", s.read);
        assertThat(new ObjectMapper().readTree(reference.body()).at("/right/kind").asText()).isEqualTo("reference");
        String page = page("/ui/compare?a=python3&b=ref:2").body();
        assertThat(page).contains("python3 build 3 against ref build 2");
    }

    @Test
    void aReferenceWithoutDpkgDatabase_isA502SayingSo_onTheApiAndTheDashboard() throws Exception {
        HttpResponse<String> r = s.get("/images/python3/compare?with=ref:static", s.read);
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("cannot compare with static").contains("no dpkg database")
                .doesNotContain("Exception").doesNotContain("\tat ");
        HttpResponse<String> page = page("/ui/compare?a=python3&with=ref:static");
        assertThat(page.statusCode()).isEqualTo(502);
        assertThat(page.body()).contains("id=\"reference-error\"").contains("no dpkg database")
                .doesNotContain("id=\"comparison\"");
    }

    @Test
    void aTamperedLayer_givesTheDigestMismatch_andNoData() throws Exception {
        Path layout = dir.resolve("tampered");
        var image = ReferenceImages.debian(layout, ReferenceImages.PACKAGES + ", zlib1g 1:1.3.dfsg-3 zlib");
        Layer layer = image.layers().get(0);
        Tamper.replaceInside(layout.resolve("blobs/sha256/" + layer.descriptor().digest().hex()),
                "Version: 5.2.37-1", "Version: 9.9.99-1");
        try (OutsideReferences refs = OutsideReferences.of(List.of(ReferenceImages.allowed("tampered", layout)),
                ReferenceImages.reader(dir.resolve("fresh-cache"), ReferenceImages.advisories(dir.resolve("adv")),
                        Clock.systemUTC()), Clock.systemUTC(), Duration.ofSeconds(20));
             TestServer t = new TestServer(dir.resolve("t"), ServerConfig.of(new Listen("127.0.0.1", 0)), refs)) {
            HttpResponse<String> r = t.get("/images/python3/compare?with=ref:tampered", t.read);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
            assertThat(r.body()).contains("cannot compare with tampered").contains(layer.descriptor().digest().toString())
                    .doesNotContain("9.9.99").doesNotContain("bash");
        }
    }

    @Test
    void aRegistryThatIsDown_isA502NamingIt_andTheServerStartedAnyway() throws Exception {
        AllowedReference down = AllowedReference.parse("down=docker://127.0.0.1:1/debian:trixie");
        try (OutsideReferences refs = OutsideReferences.of(List.of(down), ReferenceImages.reader(dir.resolve("c3"),
                ReferenceImages.advisories(dir.resolve("adv3")), Clock.systemUTC()), Clock.systemUTC(),
                Duration.ofSeconds(20));
             TestServer t = new TestServer(dir.resolve("d"), ServerConfig.of(new Listen("127.0.0.1", 0)), refs)) {
            assertThat(t.get("/references", t.read).body()).contains("docker://127.0.0.1:1/debian:trixie");
            HttpResponse<String> r = t.get("/images/python3/compare?with=ref:down", t.read);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(502);
            assertThat(r.body()).contains("cannot compare with down (docker://127.0.0.1:1/debian:trixie): ")
                    .doesNotContain("\tat ");
            HttpResponse<String> page = page(t, "/ui/compare?a=python3&with=ref:down");
            assertThat(page.statusCode()).isEqualTo(502);
            assertThat(page.body()).contains("Cannot read the reference").contains("127.0.0.1:1");
        }
    }

    @Test
    void comparePage_setsTheImageAgainstAReference_withSizesSeveritiesAndTheSelect() throws Exception {
        String body = page("/ui/compare?a=python3&b=&with=ref:plain").body();
        assertThat(body).contains("<option value=\"ref:plain\" selected>plain — oci layout, tag v1</option>")
                .contains("<option value=\"ref:static\">");
        assertThat(body).contains("python3 build 3 against ref:plain (oci layout, tag v1)")
                .doesNotContain(s.plainLayout.toString());
        assertThat(body).contains("<tr><td>amd64</td><td>bash</td><td>—</td><td>5.2.37-1</td></tr>");
        assertThat(body).contains("<tr><td>critical</td><td>1</td><td>0</td><td>-1</td></tr>")
                .contains("<tr><td>high</td><td>0</td><td>1</td><td>+1</td></tr>");
        assertThat(body).contains("<td>CVE-2026-0200</td><td>bash</td><td>low</td><td>only ref:plain");
        assertThat(body).contains("<td>Compressed size</td><td>3.9 KiB</td>");
    }

    @Test
    void comparePage_escapesWhatTheReferenceSays_inTheComparisonAndInAnError() throws Exception {
        Path layout = dir.resolve("hostile");
        ReferenceImages.debian(layout, "libc6 2.41-12 glibc, evil<script>alert(1)</script> 1.0-1 evil");
        Path bad = dir.resolve("badversion");
        ReferenceImages.debian(bad, "libc6 2.41-12<script>alert(2)</script> glibc");
        try (OutsideReferences refs = OutsideReferences.of(List.of(ReferenceImages.allowed("hostile", layout),
                ReferenceImages.allowed("badversion", bad)), ReferenceImages.reader(dir.resolve("c2"),
                ReferenceImages.advisories(dir.resolve("adv2")), Clock.systemUTC()), Clock.systemUTC(),
                Duration.ofSeconds(20));
             TestServer t = new TestServer(dir.resolve("h"), ServerConfig.of(new Listen("127.0.0.1", 0)), refs)) {
            HttpResponse<String> page = page(t, "/ui/compare?a=python3&with=ref:hostile");
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            assertThat(page.body()).contains("id=\"comparison\"")
                    .contains("<td>evil&lt;script&gt;alert(1)&lt;/script&gt;</td>").doesNotContain("<script>");
            HttpResponse<String> error = page(t, "/ui/compare?a=python3&with=ref:badversion");
            assertThat(error.statusCode()).isEqualTo(502);
            assertThat(error.body()).contains("id=\"reference-error\"").contains("2.41-12&lt;script&gt;alert(2)")
                    .doesNotContain("<script>");
        }
    }

    @Test
    void aReferenceStillBeingRead_is503WithRetryAfter_onTheApiAndTheDashboard() throws Exception {
        Path layout = dir.resolve("slow");
        ReferenceImages.debian(layout, ReferenceImages.PACKAGES);
        Path tracker = ReferenceImages.advisories(dir.resolve("adv4"));
        CountDownLatch release = new CountDownLatch(1);
        ReferenceReader reader = new ReferenceReader(RegistryOptions.defaults(), dir.resolve("c4"), arch -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(new TrackerJsonSource(tracker));
        }, Clock.systemUTC());
        try (OutsideReferences refs = OutsideReferences.of(List.of(ReferenceImages.allowed("slow", layout)), reader,
                Clock.systemUTC(), Duration.ofMillis(200));
             TestServer t = new TestServer(dir.resolve("p"), ServerConfig.of(new Listen("127.0.0.1", 0)), refs)) {
            HttpResponse<String> r = t.get("/images/python3/compare?with=ref:slow", t.read);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).contains("5");
            assertThat(r.body()).contains("reference slow (oci layout, tag v1) is still being read");
            HttpResponse<String> page = page(t, "/ui/compare?a=python3&with=ref:slow");
            assertThat(page.statusCode()).isEqualTo(503);
            assertThat(page.headers().firstValue("Retry-After")).contains("5");
            assertThat(page.body()).contains("Still reading the reference").doesNotContain("id=\"comparison\"");
            release.countDown();
            HttpResponse<String> done = null;
            for (int i = 0; i < 50 && (done == null || done.statusCode() == 503); i++) {
                done = t.get("/images/python3/compare?with=ref:slow", t.read);
            }
            assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        }
    }

    private HttpResponse<String> page(String path) throws Exception {
        return page(s, path);
    }

    private HttpResponse<String> page(TestServer t, String path) throws Exception {
        String origin = "http://127.0.0.1:" + t.server.port();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(origin + "/ui/login"))
                .header("Origin", origin).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + t.read)).build(), HttpResponse.BodyHandlers.ofString());
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        return http.send(HttpRequest.newBuilder(URI.create(origin + path)).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
