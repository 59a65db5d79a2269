package dev.bulwark.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.catalog.bump.Bump;
import dev.bulwark.catalog.bump.BumpException;
import dev.bulwark.catalog.bump.BumpRequest;
import dev.bulwark.catalog.bump.BumpResult;
import dev.bulwark.catalog.bump.CatalogReleases;
import dev.bulwark.catalog.bump.Change;
import dev.bulwark.catalog.bump.Fix;
import dev.bulwark.catalog.bump.ServerReleases;
import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.model.BuiltPackage;
import dev.bulwark.catalog.model.ImageDefinition;
import dev.bulwark.catalog.model.NewBuild;
import dev.bulwark.catalog.model.PlatformBuild;
import dev.bulwark.catalog.model.Publication;
import dev.bulwark.catalog.model.ScanSummary;
import dev.bulwark.catalog.model.Vulnerability;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.core.Sha256;
import dev.bulwark.server.auth.Role;
import dev.bulwark.server.auth.Tokens;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bulwark bump --server}: the server source reads a real {@code bulwark serve} (in-process, plain HTTP on
 * loopback) with a read token, and moves a manifest exactly as the catalog source does, CVEs included.
 */
class BumpServerSourceTest {
    private static final String REPO = "127.0.0.1:5000/python3";
    @TempDir
    Path dir;
    Catalog catalog;
    BulwarkServer server;
    String token;

    @BeforeEach
    void start() throws Exception {
        Path db = dir.resolve("catalog.db");
        CatalogDatabase database = CatalogDatabase.open(new CatalogLocation.SqliteFile(db), Duration.ofSeconds(5));
        catalog = new Catalog(database, Clock.systemUTC());
        String spec = "name: python3\ndistribution: trixie\npackages: [python3]\n";
        catalog.define(new ImageDefinition("python3", "/specs/python3.yaml", sha(spec), spec, "trixie", null,
                List.of("amd64"), List.of("docker://" + REPO + ":3.13")));
        catalog.recordBuild(build(1, List.of(new Vulnerability("CVE-2099-0042", "python3", "3.13.5-1", "3.13.5-2",
                "high"))));
        Thread.sleep(5); // the second build's moving tag is written later than the first's
        catalog.recordBuild(build(2, List.of()));
        token = new Tokens(database, Clock.systemUTC(), new SecureRandom()).create(Role.READ, "bump").secret();
        server = BulwarkServer.start(ServerConfig.of(new Listen("127.0.0.1", 0)), new CatalogLocation.SqliteFile(db),
                Duration.ofSeconds(5), Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void server_movesTheManifestToBuild2WithTheCveFixed_likeTheCatalog() throws Exception {
        Path manifest = Files.writeString(dir.resolve("deploy.yaml"), "spec:\n  containers:\n    - name: app\n"
                + "      image: " + REPO + ":3.13@" + digest("index 1") + "\n");
        BumpResult viaServer = Bump.run(new BumpRequest(List.of(manifest), new ServerReleases("http://127.0.0.1:"
                + server.port(), token), BumpRequest.Mode.CHECK));
        BumpResult viaCatalog = Bump.run(new BumpRequest(List.of(manifest), new CatalogReleases(catalog),
                BumpRequest.Mode.CHECK));
        Change c = viaServer.files().get(0).changes().get(0);
        assertThat(c.fromBuild() + "→" + c.toBuild() + " " + c.to()).isEqualTo("1→2 " + digest("index 2"));
        assertThat(c.fixed()).extracting(Fix::id).containsExactly("CVE-2099-0042");
        assertThat(viaServer.files().get(0).changes()).isEqualTo(viaCatalog.files().get(0).changes());
        assertThat(viaServer.source()).startsWith("server http://127.0.0.1:");

        Bump.run(new BumpRequest(List.of(manifest), new ServerReleases("http://127.0.0.1:" + server.port() + "/api/v1/",
                token), BumpRequest.Mode.WRITE));
        assertThat(Files.readString(manifest)).endsWith("image: " + REPO + ":3.13@" + digest("index 2") + "\n");
    }

    @Test
    void server_withoutAValidToken_isRefusedWithWhatToDo() throws Exception {
        Path manifest = Files.writeString(dir.resolve("deploy.yaml"), "image: " + REPO + "@" + digest("index 1") + "\n");
        for (String bad : new String[] {null, "bwk_" + "A".repeat(43)}) {
            assertThatThrownBy(() -> Bump.run(new BumpRequest(List.of(manifest), new ServerReleases("http://127.0.0.1:"
                    + server.port(), bad), BumpRequest.Mode.CHECK)))
                    .isInstanceOf(BumpException.class).hasMessageContaining("(401)").hasMessageContaining("--token-file");
        }
    }

    @Test
    void server_overPlainHttpToAnotherHost_isRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> new ServerReleases("http://bulwark.example.org", token))
                .isInstanceOf(BumpException.class).hasMessageContaining("give an https:// URL");
    }

    private static NewBuild build(int n, List<Vulnerability> findings) {
        String index = digest("index " + n);
        Instant now = Instant.now();
        List<Publication> published = List.of(
                new Publication("docker://" + REPO + ":3.13-2026112" + n + "T100000Z", index, Publication.Kind.IMMUTABLE, 0,
                        now, null),
                new Publication("docker://" + REPO + ":3.13", index, Publication.Kind.MOVING, 0, now, null));
        return new NewBuild("python3", "test", sha("spec"), sha("lock " + n), "{}", 1L, index,
                List.of(new PlatformBuild("amd64", "linux/amd64", digest("m " + n), digest("c " + n), 2, 100)),
                List.of(new BuiltPackage("amd64", "python3", "3.13.5-" + n, "amd64", "python3", "3.13.5-" + n, "trixie",
                        "pool/p.deb", 100, sha("deb " + n))), List.of(),
                new ScanSummary("test", now, 0, findings.size(), 0, 0, 0, 0), findings, published, now,
                Duration.ofSeconds(1));
    }

    private static String digest(String seed) {
        return "sha256:" + sha(seed);
    }

    private static String sha(String s) {
        return Sha256.key(s, "bump-server-test");
    }
}
