package dev.bulwark.catalog.bump;

import static dev.bulwark.catalog.bump.BumpFixture.PY;
import static dev.bulwark.catalog.bump.BumpFixture.REGISTRY;
import static dev.bulwark.catalog.bump.BumpFixture.index;
import static dev.bulwark.catalog.bump.BumpFixture.manifest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.bulwark.catalog.feed.FeedRequest;
import dev.bulwark.catalog.feed.Feeds;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bumps over a real SQLite catalog and over the feed it writes, from a file and from a local HTTP server. */
class BumpTest {
    @TempDir
    Path dir;
    BumpFixture fixture;

    @BeforeEach
    void catalog() throws Exception {
        fixture = new BumpFixture(dir.resolve("catalog.db"));
    }

    private String manifestPinnedTo(String digest, String armDigest) {
        return "# the app\r\napiVersion: apps/v1\r\nkind: Deployment\r\nspec:\r\n  template:\r\n    spec:\r\n"
                + "      containers:\r\n        - name: app\r\n          image: \"" + PY + ":3.13@" + digest + "\"  # pinned\r\n"
                + "        - name: arm\r\n          image: " + PY + "@" + armDigest + "\r\n"
                + "        - name: hub\r\n          image: docker.io/library/busybox@" + ReferencesTest.D1 + "\r\n";
    }

    @Test
    void catalog_movesIndexAndPlatformPinsToBuild2_keepingEveryOtherByteAndTheMode() throws Exception {
        Path file = dir.resolve("deploy.yaml");
        String before = manifestPinnedTo(index("python3", 1), manifest("python3", 1, "arm64"));
        Files.writeString(file, before);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        BumpResult r = Bump.run(new BumpRequest(List.of(file), new CatalogReleases(fixture.catalog), BumpRequest.Mode.WRITE));

        FileBump f = r.files().get(0);
        assertThat(f.written()).isTrue();
        assertThat(f.changes()).extracting(c -> c.image() + " " + c.fromBuild() + "→" + c.toBuild() + " " + c.to())
                .containsExactly("python3 1→2 " + index("python3", 2), "python3 1→2 " + manifest("python3", 2, "arm64"));
        assertThat(f.changes().get(0).fixed()).extracting(Fix::id).containsExactly("CVE-2099-0001");
        assertThat(f.foreign()).extracting(Occurrence::written).containsExactly("docker.io/library/busybox@"
                + ReferencesTest.D1);
        String after = Files.readString(file);
        assertThat(after).isEqualTo(before.replace(index("python3", 1), index("python3", 2))
                .replace(manifest("python3", 1, "arm64"), manifest("python3", 2, "arm64")));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        assertThat(dir.toFile().list()).containsExactlyInAnyOrder("catalog.db", "deploy.yaml");

        BumpResult again = Bump.run(new BumpRequest(List.of(file), new CatalogReleases(fixture.catalog),
                BumpRequest.Mode.CHECK));
        assertThat(again.behind()).isZero();
        assertThat(again.files().get(0).upToDate()).hasSize(2);
    }

    @Test
    void aDigestTheCheckRefuses_leavesItsFileAsItWas_namingTheReference_whileAVerifiedOneMoves() throws Exception {
        String refusedDigest = index("python3", 2);
        Path refused = Files.writeString(dir.resolve("refused.yaml"), "image: " + PY + ":3.13@" + index("python3", 1)
                + "\nother: {image: " + REGISTRY + "/node@" + index("node", 1) + "}\n");
        String before = Files.readString(refused);
        Path again = Files.writeString(dir.resolve("again.yaml"), "image: " + PY + "@" + index("python3", 1) + "\n");
        Path fine = Files.writeString(dir.resolve("Dockerfile"), "FROM " + PY + "@" + manifest("python3", 1, "arm64")
                + "\n");
        List<String> asked = new java.util.ArrayList<>();
        ReleaseCheck check = (repository, digest) -> {
            asked.add(repository + "@" + digest);
            return digest.equals(refusedDigest) ? java.util.Optional.of("no signature by k.pub verifies it")
                    : java.util.Optional.empty();
        };

        BumpResult r = Bump.run(new BumpRequest(List.of(refused, again, fine), new CatalogReleases(fixture.catalog),
                BumpRequest.Mode.WRITE, check));

        assertThat(r.refusals()).extracting(FileBump::file).containsExactly(refused, again);
        assertThat(r.failures()).isEmpty();
        FileBump f = r.files().get(0);
        assertThat(f.line()).isEqualTo(1);
        assertThat(f.written()).isFalse();
        assertThat(f.error()).isEqualTo("refused to move " + PY + ":3.13@" + index("python3", 1) + " to "
                + refusedDigest + ": no signature by k.pub verifies it");
        assertThat(Files.readString(refused)).isEqualTo(before);
        assertThat(Files.readString(again)).isEqualTo("image: " + PY + "@" + index("python3", 1) + "\n");
        assertThat(Files.readString(fine)).isEqualTo("FROM " + PY + "@" + manifest("python3", 2, "arm64") + "\n");
        assertThat(asked).containsExactly(PY + "@" + refusedDigest, PY + "@" + manifest("python3", 2, "arm64"));
        assertThat(BumpJson.of(r)).contains("\"refused\" : true");
    }

    @Test
    void check_andDryRun_writeNothing_andDryRunShowsTheDiff() throws Exception {
        Path file = dir.resolve("Dockerfile");
        String before = "FROM " + PY + ":3.13@" + index("python3", 1) + " AS base\nFROM " + REGISTRY + "/node:22@"
                + index("node", 1) + "\n";
        Files.writeString(file, before);
        BumpResult check = Bump.run(new BumpRequest(List.of(file), new CatalogReleases(fixture.catalog), BumpRequest.Mode.CHECK));
        assertThat(check.behind()).isEqualTo(1);
        assertThat(check.files().get(0).upToDate()).extracting(Change::image).containsExactly("node");
        BumpResult dry = Bump.run(new BumpRequest(List.of(file), new CatalogReleases(fixture.catalog), BumpRequest.Mode.DRY_RUN));
        assertThat(dry.files().get(0).diff()).isEqualTo("--- " + file + "\n+++ " + file + "\n@@ -1,2 +1,2 @@\n"
                + "-FROM " + PY + ":3.13@" + index("python3", 1) + " AS base\n"
                + "+FROM " + PY + ":3.13@" + index("python3", 2) + " AS base\n"
                + " FROM " + REGISTRY + "/node:22@" + index("node", 1) + "\n");
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    @Test
    void aDigestFromAnotherRepository_isNotMovedThereAndTheForeignRepositoryIsLeftAlone() throws Exception {
        Path file = dir.resolve("values.yaml");
        // python3's build 1 digest under another repository name: that repository is not python3's
        String before = "image:\n  repository: " + REGISTRY + "/python3-copy\n  digest: " + index("python3", 1) + "\n";
        Files.writeString(file, before);
        BumpResult r = Bump.run(new BumpRequest(List.of(file), new CatalogReleases(fixture.catalog), BumpRequest.Mode.WRITE));
        assertThat(r.behind()).isZero();
        assertThat(r.files().get(0).foreign()).hasSize(1);
        assertThat(Files.readString(file)).isEqualTo(before);
    }

    @Test
    void aFileThatDoesNotParse_isReportedWithItsLineAndNotWritten_whileTheOthersAre() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "image: " + PY + "@" + index("python3", 1) + "\n  - x: [\n");
        Path good = Files.writeString(dir.resolve("good.yaml"), "image: " + PY + "@" + index("python3", 1) + "\n");
        BumpResult r = Bump.run(new BumpRequest(List.of(bad, good), new CatalogReleases(fixture.catalog),
                BumpRequest.Mode.WRITE));
        assertThat(r.failures()).singleElement().satisfies(f -> {
            assertThat(f.line()).isEqualTo(2);
            assertThat(f.error()).startsWith("not valid YAML");
        });
        assertThat(Files.readString(bad)).contains(index("python3", 1));
        assertThat(Files.readString(good)).isEqualTo("image: " + PY + "@" + index("python3", 2) + "\n");
    }

    @Test
    void feed_fromAFileAndFromHttp_givesTheSameBumpAndCvesAsTheCatalog() throws Exception {
        byte[] feed = Feeds.jsonFeed(new FeedRequest("Releases", null, null, "seed", fixture.clock.instant()),
                fixture.catalog.releases(null, 50));
        Path feedFile = Files.write(dir.resolve("feed.json"), feed);
        Path file = Files.writeString(dir.resolve("deploy.yaml"), manifestPinnedTo(index("python3", 1),
                manifest("python3", 1, "arm64")));
        BumpResult fromFile = Bump.run(new BumpRequest(List.of(file), FeedReleases.read(feedFile.toString()),
                BumpRequest.Mode.CHECK));
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/feed.json", x -> {
            x.getResponseHeaders().add("Content-Type", "application/feed+json");
            x.sendResponseHeaders(200, feed.length);
            x.getResponseBody().write(feed);
            x.close();
        });
        http.start();
        BumpResult fromHttp;
        try {
            fromHttp = Bump.run(new BumpRequest(List.of(file), FeedReleases.read("http://127.0.0.1:"
                    + http.getAddress().getPort() + "/feed.json"), BumpRequest.Mode.CHECK));
        } finally {
            http.stop(0);
        }
        BumpResult fromCatalog = Bump.run(new BumpRequest(List.of(file), new CatalogReleases(fixture.catalog),
                BumpRequest.Mode.CHECK));
        for (BumpResult r : List.of(fromFile, fromHttp)) {
            assertThat(r.files().get(0).changes()).isEqualTo(fromCatalog.files().get(0).changes());
        }
        assertThat(fromHttp.files().get(0).changes().get(0).fixed()).extracting(Fix::id).containsExactly("CVE-2099-0001");
    }

    @Test
    void feed_thatIsNotAJsonFeed_orLiesAboutADigest_isRefused() throws Exception {
        Path notFeed = Files.writeString(dir.resolve("x.json"), "{\"version\":\"1\"}");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FeedReleases.read(notFeed.toString()))
                .isInstanceOf(BumpException.class).hasMessageContaining("not a JSON Feed 1.1");
        byte[] feed = Feeds.jsonFeed(new FeedRequest("Releases", null, null, "seed", fixture.clock.instant()),
                fixture.catalog.releases(null, 50));
        Path lying = Files.writeString(dir.resolve("lying.json"), new String(feed, StandardCharsets.UTF_8)
                .replace(index("python3", 2), "sha256:" + "z".repeat(64)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FeedReleases.read(lying.toString()))
                .isInstanceOf(BumpException.class).hasMessageContaining("not a sha256");
    }

    @Test
    void json_namesEachChangeWithBuildsTagAndCves() throws Exception {
        Path file = Files.writeString(dir.resolve("deploy.yaml"), manifestPinnedTo(index("python3", 1),
                manifest("python3", 1, "arm64")));
        JsonNode json = new ObjectMapper().readTree(BumpJson.of(Bump.run(new BumpRequest(List.of(file),
                new CatalogReleases(fixture.catalog), BumpRequest.Mode.CHECK))));
        assertThat(json.get("behind").asInt()).isEqualTo(2);
        assertThat(json.get("mode").asText()).isEqualTo("check");
        JsonNode c = json.get("files").get(0).get("changes").get(0);
        assertThat(c.get("line").asInt()).isEqualTo(9);
        assertThat(c.get("tag").asText()).isEqualTo("3.13");
        assertThat(c.get("fromBuild").asInt()).isEqualTo(1);
        assertThat(c.get("toBuild").asInt()).isEqualTo(2);
        assertThat(c.get("toDigest").asText()).isEqualTo(index("python3", 2));
        assertThat(c.get("fixed").get(0).get("id").asText()).isEqualTo("CVE-2099-0001");
        assertThat(json.get("files").get(0).get("notFromSource").get(0).get("repository").asText())
                .isEqualTo("docker.io/library/busybox");
    }

    @Test
    void afterARollback_theNewestReleaseIsTheRolledBackBuild_andAPinnedLinkKeepsBeingALink() throws Exception {
        fixture.clock.advance(java.time.Duration.ofHours(1));
        fixture.catalog.recordRollback("python3", 1, List.of(new dev.bulwark.catalog.model.Publication("docker://" + PY
                + ":3.13", index("python3", 1), dev.bulwark.catalog.model.Publication.Kind.MOVING, 0,
                fixture.clock.instant(), null)));
        Path target = Files.writeString(dir.resolve("real.yaml"), "image: " + PY + ":3.13@" + index("python3", 2) + "\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.yaml"), target.getFileName());
        BumpResult r = Bump.run(new BumpRequest(List.of(link), new CatalogReleases(fixture.catalog), BumpRequest.Mode.WRITE));
        assertThat(r.files().get(0).changes()).singleElement().satisfies(c -> {
            assertThat(c.fromBuild()).isEqualTo(2);
            assertThat(c.toBuild()).isEqualTo(1);
            assertThat(c.fixed()).isEmpty();
        });
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(target)).isEqualTo("image: " + PY + ":3.13@" + index("python3", 1) + "\n");
    }

    @Test
    void aDigestTheSourceDoesNotKnowInTheRepository_movesToTheNewestRelease_fromAnUnknownBuild() throws Exception {
        Path file = Files.writeString(dir.resolve("Dockerfile"), "FROM " + PY + "@" + ReferencesTest.D3 + "\r\n");
        BumpResult r = Bump.run(new BumpRequest(List.of(file), new CatalogReleases(fixture.catalog), BumpRequest.Mode.WRITE));
        assertThat(r.files().get(0).changes()).singleElement().satisfies(c -> {
            assertThat(c.fromBuild()).isZero();
            assertThat(c.to()).isEqualTo(index("python3", 2));
        });
        assertThat(Files.readString(file)).isEqualTo("FROM " + PY + "@" + index("python3", 2) + "\r\n");
    }
}
