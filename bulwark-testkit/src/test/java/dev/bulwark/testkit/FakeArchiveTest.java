package dev.bulwark.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.XZInputStream;

class FakeArchiveTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private TestKey key;
    private TestKey extra;
    private FakeDeb hello;
    private FakeArchive archive;

    @BeforeEach
    void start() throws IOException {
        key = TestKey.generate("Archive");
        extra = TestKey.generate("Other");
        hello = FakeDeb.builder("hello", "1:2.0-1", "amd64").file("/usr/bin/hello", new byte[] {1, 2}, 0755).build();
        archive = FakeArchive.builder(key)
                .add("trixie", "main", hello)
                .add("trixie", "main", FakeDeb.builder("tzdata", "2025a-1", "all").build())
                .add("trixie", "main", FakeDeb.builder("libfoo1", "1.0", "arm64").build())
                .archs("amd64", "arm64")
                .extraSigners(extra)
                .start();
    }

    @AfterEach
    void stop() {
        archive.close();
    }

    @Test
    void release_hashesMatchEveryServedIndex() throws Exception {
        String release = text(get("dists/trixie/Release").body());
        assertThat(release).contains("Suite: trixie", "Architectures: amd64 arm64", "Components: main",
                "No-Support-for-Architecture-all: Packages", "Date: Sat, 01 Nov 2025 00:00:00 UTC");
        Map<String, String[]> listed = sha256Section(release);
        assertThat(listed).containsOnlyKeys("main/binary-amd64/Packages", "main/binary-amd64/Packages.xz",
                "main/binary-amd64/Packages.gz", "main/binary-arm64/Packages", "main/binary-arm64/Packages.xz",
                "main/binary-arm64/Packages.gz");
        for (Map.Entry<String, String[]> e : listed.entrySet()) {
            HttpResponse<byte[]> r = get("dists/trixie/" + e.getKey());
            if (e.getKey().endsWith("Packages")) {
                assertThat(r.statusCode()).as("uncompressed not served").isEqualTo(404);
                continue;
            }
            assertThat(Indexes.sha256(r.body())).isEqualTo(e.getValue()[0]);
            assertThat((long) r.body().length).isEqualTo(Long.parseLong(e.getValue()[1]));
        }
    }

    @Test
    void packages_listsArchAllInEveryArchAndPoolFilesMatch() throws Exception {
        String amd64 = text(new XZInputStream(new ByteArrayInputStream(
                get("dists/trixie/main/binary-amd64/Packages.xz").body())).readAllBytes());
        assertThat(amd64).contains("Package: hello", "Package: tzdata").doesNotContain("Package: libfoo1")
                .contains("Filename: pool/main/h/hello/hello_2.0-1_amd64.deb", "SHA256: " + hello.sha256());
        String arm64 = text(new XZInputStream(new ByteArrayInputStream(
                get("dists/trixie/main/binary-arm64/Packages.xz").body())).readAllBytes());
        assertThat(arm64).contains("Package: tzdata", "Filename: pool/main/libf/libfoo1/libfoo1_1.0_arm64.deb");
        assertThat(get("pool/main/h/hello/hello_2.0-1_amd64.deb").body()).isEqualTo(hello.bytes());
    }

    @Test
    void inRelease_isSignedByEveryKeyAndCarriesTheReleaseText() throws Exception {
        byte[] inRelease = get("dists/trixie/InRelease").body();
        assertThat(ClearsignedMessages.goodSignatures(inRelease, key)).isEqualTo(1);
        assertThat(ClearsignedMessages.goodSignatures(inRelease, extra)).isEqualTo(1);
        assertThat(String.join("\n", ClearsignedMessages.text(inRelease)) + "\n")
                .isEqualTo(text(get("dists/trixie/Release").body()));
    }

    @Test
    void faults_tamperStripResignBreakTheSignature() throws Exception {
        archive.tamperInRelease("trixie");
        assertThat(ClearsignedMessages.goodSignatures(get("dists/trixie/InRelease").body(), key)).isZero();
        archive.stripSignature("trixie");
        assertThat(text(get("dists/trixie/InRelease").body())).startsWith("Origin: ");
        TestKey stranger = TestKey.generate("Stranger");
        archive.resignWith("trixie", stranger);
        byte[] resigned = get("dists/trixie/InRelease").body();
        assertThat(ClearsignedMessages.goodSignatures(resigned, key)).isZero();
        assertThat(ClearsignedMessages.goodSignatures(resigned, stranger)).isEqualTo(1);
    }

    @Test
    void faults_corruptAndTruncateIndexAndDeb() throws Exception {
        String path = "main/binary-amd64/Packages.xz";
        archive.corruptIndex("trixie", "main", "amd64", Compression.XZ);
        String[] listed = sha256Section(text(get("dists/trixie/Release").body())).get(path);
        assertThat(Indexes.sha256(get("dists/trixie/" + path).body())).isNotEqualTo(listed[0]);

        archive.truncateIndex("trixie", "main", "arm64", Compression.XZ);
        byte[] inRelease = get("dists/trixie/InRelease").body();
        assertThat(ClearsignedMessages.goodSignatures(inRelease, key)).isEqualTo(1);
        String[] truncated = sha256Section(String.join("\n", ClearsignedMessages.text(inRelease)))
                .get("main/binary-arm64/Packages.xz");
        assertThat(Indexes.sha256(get("dists/trixie/main/binary-arm64/Packages.xz").body())).isEqualTo(truncated[0]);

        archive.corruptDeb("hello");
        assertThat(Indexes.sha256(get("pool/main/h/hello/hello_2.0-1_amd64.deb").body())).isNotEqualTo(hello.sha256());
    }

    @Test
    void conditionalGet_answers304UntilChangedAndRequestsAreLogged() throws Exception {
        HttpResponse<byte[]> first = get("dists/trixie/InRelease");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        String lastModified = first.headers().firstValue("Last-Modified").orElseThrow();
        assertThat(send(request("dists/trixie/InRelease").header("If-None-Match", etag)).statusCode()).isEqualTo(304);
        assertThat(send(request("dists/trixie/InRelease").header("If-Modified-Since", lastModified)).statusCode())
                .isEqualTo(304);
        archive.tamperInRelease("trixie");
        assertThat(send(request("dists/trixie/InRelease").header("If-None-Match", etag)).statusCode()).isEqualTo(200);
        assertThat(send(request("dists/trixie/InRelease").header("If-Modified-Since", lastModified)).statusCode())
                .isEqualTo(200);
        assertThat(archive.requests()).startsWith("GET /debian/dists/trixie/InRelease",
                "GET /debian/dists/trixie/InRelease [conditional]");
    }

    @Test
    void failNext_answersStatusThenRecovers() throws Exception {
        archive.failNext(2, 503);
        assertThat(List.of(get("dists/trixie/Release").statusCode(), get("dists/trixie/Release").statusCode(),
                get("dists/trixie/Release").statusCode())).containsExactly(503, 503, 200);
    }

    private static Map<String, String[]> sha256Section(String release) {
        Map<String, String[]> out = new LinkedHashMap<>();
        boolean in = false;
        for (String line : release.split("\n")) {
            if (line.startsWith("SHA256:")) {
                in = true;
            } else if (in && line.startsWith(" ")) {
                String[] parts = line.trim().split("\\s+");
                out.put(parts[2], new String[] {parts[0], parts[1]});
            } else {
                in = false;
            }
        }
        return out;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(archive.baseUrl().resolve(path));
    }

    private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return send(request(path));
    }

    private HttpResponse<byte[]> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

}
