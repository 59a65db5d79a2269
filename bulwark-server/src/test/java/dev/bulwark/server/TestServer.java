package dev.bulwark.server;

import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.server.auth.IssuedToken;
import dev.bulwark.server.auth.Role;
import dev.bulwark.server.auth.Tokens;
import dev.bulwark.oci.image.Image;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.server.reference.OutsideReferences;
import dev.bulwark.server.reference.ReferenceImages;
import java.util.List;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/**
 * A real server on a free port over an SQLite catalog holding images {@code python3} (three builds, the last with
 * findings and VEX statements) and {@code node} (two builds), SLA clocks for both (python3's closed after 30 h,
 * node's open), one token per role, and two allowed outside references (oci: layouts written by test code).
 */
final class TestServer implements AutoCloseable {
    final Path db;
    final BulwarkServer server;
    final Tokens tokens;
    final Catalog catalog;
    final String read;
    final String build;
    final String admin;
    /** The allowed references: ref:plain (Debian, {@link ReferenceImages#PACKAGES}) and ref:static (no dpkg). */
    final Path plainLayout;
    final Image plain;
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    TestServer(Path dir, ServerConfig config) throws Exception {
        this(dir, config, null);
    }

    /** As above, allowing {@code references} instead of ref:plain and ref:static (null: those). */
    TestServer(Path dir, ServerConfig config, OutsideReferences allowed) throws Exception {
        db = dir.resolve("catalog.db");
        CatalogDatabase database = CatalogDatabase.open(new CatalogLocation.SqliteFile(db), Duration.ofSeconds(5));
        Catalog catalog = new Catalog(database, Clock.systemUTC());
        Fleet.addImage(catalog, "python3");
        Fleet.addImage(catalog, "node");
        Fleet.addExposedBuild(catalog, "python3");
        Fleet.slaClock(catalog, "python3", "CVE-2026-0001", 30);
        Fleet.slaClock(catalog, "node", "CVE-2026-0001", null);
        this.catalog = catalog;
        tokens = new Tokens(database, Clock.systemUTC(), new SecureRandom());
        read = secret(Role.READ, "ci-read");
        build = secret(Role.BUILD, "ci-build");
        admin = secret(Role.ADMIN, "ops");
        plainLayout = dir.resolve("refs/plain");
        plain = ReferenceImages.debian(plainLayout, ReferenceImages.PACKAGES);
        ReferenceImages.notDebian(dir.resolve("refs/static"));
        OutsideReferences references = allowed != null ? allowed : OutsideReferences.of(List.of(ReferenceImages.allowed("plain", plainLayout),
                ReferenceImages.allowed("static", dir.resolve("refs/static"))), ReferenceImages.reader(
                dir.resolve("cache"), ReferenceImages.advisories(dir.resolve("refs")), Clock.systemUTC()),
                Clock.systemUTC(), Duration.ofSeconds(20));
        server = BulwarkServer.start(config, new CatalogLocation.SqliteFile(db), Duration.ofSeconds(5),
                Clock.systemUTC(), RegistryOptions.defaults(), references, new PrintStream(log, true,
                StandardCharsets.UTF_8));
    }

    TestServer(Path dir) throws Exception {
        this(dir, ServerConfig.of(new Listen("127.0.0.1", 0)));
    }

    private String secret(Role role, String name) throws Exception {
        IssuedToken t = tokens.create(role, name);
        return t.secret();
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        return send("GET", path, token, null);
    }

    HttpResponse<String> post(String path, String token, String body) throws Exception {
        return send("POST", path, token, body);
    }

    HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.apiUri() + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        server.close();
    }
}
