package dev.bulwark.oci.transport.registry;

import com.sun.net.httpserver.HttpExchange;
import dev.bulwark.core.Progress;
import dev.bulwark.oci.BlobMismatchException;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.MediaTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Redirects are followed by the client itself, and credentials go only to the origin they are for: the registry's
 * own scheme, host and port (for a token, the realm's). Two loopback servers on two ports are two origins.
 */
class RedirectTest {
    static final byte[] LAYER = "layer bytes that a CDN serves".getBytes(StandardCharsets.UTF_8);
    static final Descriptor BLOB = Descriptor.of(MediaTypes.OCI_LAYER_GZIP, LAYER);
    static final String BASIC = "Basic " + Base64.getEncoder().encodeToString("u:p".getBytes(StandardCharsets.UTF_8));

    @Test
    void blobGet_redirectedToAnotherHost_sendsNoTokenThere_andIsStillVerified() throws Exception {
        try (LoopbackServer cdn = new LoopbackServer(); LoopbackServer registry = new LoopbackServer()) {
            cdn.on("/bucket/", ex -> LoopbackServer.answer(ex, 200, LAYER));
            bearerRegistry(registry, ex -> LoopbackServer.redirect(ex, 307, cdn.origin() + "/bucket/layer?sig=1"));

            try (InputStream in = store(registry, null).blob(BLOB)) {
                assertThat(in.readAllBytes()).isEqualTo(LAYER);
            }
            assertThat(cdn.requests()).containsExactly("GET /bucket/layer -");
            assertThat(registry.requests()).contains("GET /v2/app/blobs/" + BLOB.digest() + " Bearer T0K");
        }
    }

    @Test
    void blobGet_redirectedToAHostThatAsksForAuthentication_sendsItNothing_andFails() throws Exception {
        try (LoopbackServer cdn = new LoopbackServer(); LoopbackServer registry = new LoopbackServer();
             LoopbackServer attacker = new LoopbackServer()) {
            attacker.on("/token", ex -> LoopbackServer.answer(ex, 200,
                    "{\"token\":\"EVIL\"}".getBytes(StandardCharsets.UTF_8)));
            cdn.on("/bucket/", ex -> {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"" + attacker.origin() + "/token\"");
                LoopbackServer.answer(ex, 401, new byte[0]);
            });
            registry.on("/v2/", ex -> {
                if (!BASIC.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                    ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
                    LoopbackServer.answer(ex, 401, new byte[0]);
                    return;
                }
                LoopbackServer.redirect(ex, 307, cdn.origin() + "/bucket/layer");
            });
            RegistryStore store = new RegistryStore(new RegistryClient(registry.host(), false,
                    new Credentials("u", "p"), RetryPolicy.none()), "app", Progress.NONE, RegistryStore.DEFAULT_CHUNK);
            for (int i = 0; i < 2; i++) {   // the second read runs with the registry's auth already known
                assertThatThrownBy(() -> {
                    try (InputStream in = store.blob(BLOB)) {
                        in.readAllBytes();
                    }
                }).hasMessageContaining("credentials are only sent to the registry itself");
            }
            assertThat(attacker.requests()).isEmpty();
            assertThat(registry.requests()).noneMatch(r -> r.contains("EVIL"));
        }
    }

    @Test
    void blobGet_redirectedToAnotherHostThatLies_failsTheDigestCheck() throws Exception {
        try (LoopbackServer cdn = new LoopbackServer(); LoopbackServer registry = new LoopbackServer()) {
            byte[] forged = LAYER.clone();
            forged[0] ^= 1;
            cdn.on("/bucket/", ex -> LoopbackServer.answer(ex, 200, forged));
            bearerRegistry(registry, ex -> LoopbackServer.redirect(ex, 302, cdn.origin() + "/bucket/layer"));

            assertThatThrownBy(() -> {
                try (InputStream in = store(registry, null).blob(BLOB)) {
                    in.readAllBytes();
                }
            }).isInstanceOf(BlobMismatchException.class).hasMessageContaining("digest mismatch");
        }
    }

    @Test
    void blobGet_redirectedOnTheSameOrigin_keepsTheToken_andResolvesARelativeLocation() throws Exception {
        try (LoopbackServer registry = new LoopbackServer()) {
            registry.on("/storage/", ex -> {
                boolean authorized = "Bearer T0K".equals(ex.getRequestHeaders().getFirst("Authorization"));
                LoopbackServer.answer(ex, authorized ? 200 : 403, authorized ? LAYER : new byte[0]);
            });
            bearerRegistry(registry, ex -> LoopbackServer.redirect(ex, 303, "../../../storage/layer"));

            try (InputStream in = store(registry, null).blob(BLOB)) {
                assertThat(in.readAllBytes()).isEqualTo(LAYER);
            }
            assertThat(registry.requests()).contains("GET /storage/layer Bearer T0K");
        }
    }

    @Test
    void tokenRealm_redirectingToAnotherHost_getsNoBasicCredentialsThere() throws Exception {
        try (LoopbackServer elsewhere = new LoopbackServer(); LoopbackServer registry = new LoopbackServer()) {
            elsewhere.on("/token", ex -> LoopbackServer.answer(ex, 200, "{\"token\":\"T0K\"}".getBytes(StandardCharsets.UTF_8)));
            registry.on("/token", ex -> LoopbackServer.redirect(ex, 302, elsewhere.origin() + "/token?"
                    + ex.getRequestURI().getRawQuery()));
            registry.on("/v2/", ex -> {
                if (!"Bearer T0K".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                    ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"" + registry.origin() + "/token\"");
                    LoopbackServer.answer(ex, 401, new byte[0]);
                    return;
                }
                manifest(ex);
            });

            for (boolean confined : List.of(true, false)) {
                RegistryClient client = new RegistryClient(registry.host(), false, new Credentials("u", "p"),
                        RetryPolicy.none(), confined);
                Optional<Descriptor> d = new RegistryStore(client, "app", Progress.NONE, RegistryStore.DEFAULT_CHUNK)
                        .resolve("1");
                assertThat(d).as("confined: " + confined).isPresent();
            }
            assertThat(registry.requests()).as("the realm on the registry's own origin gets them").contains(
                    "GET /token " + BASIC);
            assertThat(elsewhere.requests()).containsExactly("GET /token -", "GET /token -");
        }
    }

    @Test
    void upload_toALocationOnAnotherHost_sendsNoCredentialsThere() throws Exception {
        try (LoopbackServer storage = new LoopbackServer(); LoopbackServer registry = new LoopbackServer()) {
            storage.on("/upload/", ex -> {
                byte[] got = ex.getRequestBody().readAllBytes();
                LoopbackServer.answer(ex, java.util.Arrays.equals(got, LAYER) ? 201 : 400, new byte[0]);
            });
            basicRegistry(registry, ex -> {
                if (ex.getRequestMethod().equals("HEAD")) {
                    LoopbackServer.answer(ex, 404, new byte[0]);
                } else {
                    ex.getResponseHeaders().add("Location", storage.origin() + "/upload/1?state=x");
                    LoopbackServer.answer(ex, 202, new byte[0]);
                }
            });

            store(registry, new Credentials("u", "p")).putBlob(BLOB, () -> new ByteArrayInputStream(LAYER));
            assertThat(storage.requests()).containsExactly("PUT /upload/1 -");
            assertThat(registry.requests()).contains("POST /v2/app/blobs/uploads/ " + BASIC);
        }
    }

    @Test
    void upload_redirectedWith307_resendsTheBodyToTheNewLocation() throws Exception {
        try (LoopbackServer registry = new LoopbackServer()) {
            List<byte[]> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
            registry.on("/moved/", ex -> {
                bodies.add(ex.getRequestBody().readAllBytes());
                LoopbackServer.answer(ex, 201, new byte[0]);
            });
            basicRegistry(registry, ex -> {
                switch (ex.getRequestMethod()) {
                    case "HEAD" -> LoopbackServer.answer(ex, 404, new byte[0]);
                    case "POST" -> {
                        ex.getResponseHeaders().add("Location", "/v2/app/blobs/uploads/1");
                        LoopbackServer.answer(ex, 202, new byte[0]);
                    }
                    default -> {
                        ex.getRequestBody().readAllBytes();
                        LoopbackServer.redirect(ex, 307, "/moved/1?" + ex.getRequestURI().getRawQuery());
                    }
                }
            });

            store(registry, new Credentials("u", "p")).putBlob(BLOB, () -> new ByteArrayInputStream(LAYER));
            assertThat(bodies).singleElement().isEqualTo(LAYER);
            assertThat(registry.requests()).contains("PUT /moved/1 " + BASIC);
        }
    }

    @Test
    void upload_redirectedWith302_isRefused_asItWouldDropTheBody() throws Exception {
        try (LoopbackServer registry = new LoopbackServer()) {
            basicRegistry(registry, ex -> {
                switch (ex.getRequestMethod()) {
                    case "HEAD" -> LoopbackServer.answer(ex, 404, new byte[0]);
                    case "POST" -> LoopbackServer.redirect(ex, 302, "/elsewhere");
                    default -> LoopbackServer.answer(ex, 500, new byte[0]);
                }
            });

            assertThatThrownBy(() -> store(registry, new Credentials("u", "p")).putBlob(BLOB,
                    () -> new ByteArrayInputStream(LAYER)))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("cannot push blob " + BLOB.digest())
                    .hasMessageContaining("redirects the POST with HTTP 302")
                    .hasMessageContaining("307 or 308");
        }
    }

    @Test
    void blobGet_withEndlessRedirects_stopsAfterFive() throws Exception {
        try (LoopbackServer registry = new LoopbackServer()) {
            registry.on("/loop/", ex -> LoopbackServer.redirect(ex, 302, "/loop/again"));
            registry.on("/v2/", ex -> LoopbackServer.redirect(ex, 302, "/loop/first"));

            assertThatThrownBy(() -> store(registry, null).blob(BLOB))
                    .isInstanceOf(RegistryException.class)
                    .hasMessageContaining("cannot read blob " + BLOB.digest())
                    .hasMessageContaining("more than 5 redirects");
            assertThat(registry.requests()).hasSize(6);
        }
    }

    record RedirectCase(String from, String method, int status, String location, String expected) {
    }

    /** {@code expected}: the address followed, or "refused: " and a part of the reason. */
    static List<RedirectCase> redirects() {
        return List.of(
                new RedirectCase("https://reg.example/v2/a/blobs/x", "GET", 307, "https://cdn.example/b?sig=1",
                        "https://cdn.example/b?sig=1"),
                new RedirectCase("https://reg.example/v2/a/blobs/x", "GET", 302, "/store/x", "https://reg.example/store/x"),
                new RedirectCase("https://reg.example/v2/a/blobs/x", "HEAD", 301, "y", "https://reg.example/v2/a/blobs/y"),
                new RedirectCase("http://127.0.0.1:5000/v2/", "GET", 303, "https://reg.example/v2/", "https://reg.example/v2/"),
                new RedirectCase("https://reg.example/v2/a/blobs/x", "GET", 302, "http://cdn.example/b",
                        "refused: from https to plain http"),
                new RedirectCase("https://reg.example/v2/a/blobs/x", "GET", 302, "ftp://cdn.example/b",
                        "refused: not an http(s) address"),
                new RedirectCase("https://reg.example/v2/a/blobs/uploads/1", "PUT", 308, "https://up.example/1",
                        "https://up.example/1"),
                new RedirectCase("https://reg.example/v2/a/blobs/uploads/1", "PATCH", 303, "https://up.example/1",
                        "refused: redirects the PATCH with HTTP 303"));
    }

    @ParameterizedTest
    @MethodSource("redirects")
    void redirects_target_followsOnlyWhatIsSafe(RedirectCase c) {
        if (c.expected().startsWith("refused: ")) {
            assertThatThrownBy(() -> Redirects.target(URI.create(c.from()), c.method(), c.status(), c.location()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(c.expected().substring("refused: ".length()));
        } else {
            assertThat(Redirects.target(URI.create(c.from()), c.method(), c.status(), c.location()))
                    .isEqualTo(URI.create(c.expected()));
        }
    }

    @Test
    void redirects_sameOrigin_comparesSchemeHostAndPort() {
        URI registry = URI.create("https://Reg.example/v2/");
        assertThat(Redirects.sameOrigin(URI.create("https://reg.example:443/x"), registry)).isTrue();
        assertThat(Redirects.sameOrigin(URI.create("https://reg.example:5000/x"), registry)).isFalse();
        assertThat(Redirects.sameOrigin(URI.create("http://reg.example:443/x"), registry)).isFalse();
        assertThat(Redirects.sameOrigin(URI.create("https://cdn.reg.example/x"), registry)).isFalse();
    }

    /** A registry asking for a bearer token from its own {@code /token}, which hands out T0K to anyone. */
    private static void bearerRegistry(LoopbackServer registry, com.sun.net.httpserver.HttpHandler blobs) {
        registry.on("/token", ex -> LoopbackServer.answer(ex, 200, "{\"token\":\"T0K\"}".getBytes(StandardCharsets.UTF_8)));
        registry.on("/v2/", ex -> {
            if (!"Bearer T0K".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"" + registry.origin() + "/token\"");
                LoopbackServer.answer(ex, 401, new byte[0]);
                return;
            }
            blobs.handle(ex);
        });
    }

    /** A registry asking for Basic u:p. */
    private static void basicRegistry(LoopbackServer registry, com.sun.net.httpserver.HttpHandler handler) {
        registry.on("/v2/", ex -> {
            if (!BASIC.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"test\"");
                LoopbackServer.answer(ex, 401, new byte[0]);
                return;
            }
            handler.handle(ex);
        });
    }

    private static void manifest(HttpExchange ex) throws IOException {
        byte[] manifest = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", MediaTypes.OCI_MANIFEST);
        ex.getResponseHeaders().add("Docker-Content-Digest", Digest.of(manifest).toString());
        LoopbackServer.answer(ex, 200, manifest);
    }

    private static RegistryStore store(LoopbackServer registry, Credentials credentials) {
        return new RegistryStore(new RegistryClient(registry.host(), false, credentials, RetryPolicy.none()), "app",
                Progress.NONE, RegistryStore.DEFAULT_CHUNK);
    }
}
