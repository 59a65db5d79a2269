package dev.bulwark.oci.transport.registry;

import com.sun.net.httpserver.HttpServer;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.Progress;
import dev.bulwark.oci.Descriptor;
import dev.bulwark.oci.Digest;
import dev.bulwark.oci.MediaTypes;
import dev.bulwark.oci.OciException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Challenge parsing, auth files, credentials, backoff, and the bearer-token flow against an in-process server. */
class AuthTest {
    @TempDir
    Path tmp;

    record ChallengeCase(String header, String scheme, Map<String, String> params) {
    }

    static List<ChallengeCase> challenges() {
        return List.of(
                new ChallengeCase("Basic realm=\"basic-realm\"", "basic", Map.of("realm", "basic-realm")),
                new ChallengeCase("Bearer realm=\"https://auth.example/token\",service=\"registry.example\","
                        + "scope=\"repository:a/b:pull,push\"", "bearer", Map.of("realm", "https://auth.example/token",
                        "service", "registry.example", "scope", "repository:a/b:pull,push")),
                new ChallengeCase("bearer realm=unquoted, service=\"s\"", "bearer", Map.of("realm", "unquoted", "service", "s")),
                new ChallengeCase("Bearer realm=\"has \\\"quote\\\"\"", "bearer", Map.of("realm", "has \"quote\"")));
    }

    @ParameterizedTest
    @MethodSource("challenges")
    void challenge_parse_readsSchemeAndParameters(ChallengeCase c) {
        Challenge parsed = Challenge.parse(c.header());
        assertThat(parsed.scheme()).isEqualTo(c.scheme());
        assertThat(parsed.params()).isEqualTo(c.params());
    }

    @Test
    void authFile_forHost_readsAuthOrUserAndPasswordUnderAnyKeyForm() throws Exception {
        Path file = tmp.resolve("auth.json");
        Files.writeString(file, "{\"auths\":{"
                + "\"a.example:5000\":{\"auth\":\"" + b64("ann:pw:with:colons") + "\"},"
                + "\"https://b.example/v1/\":{\"username\":\"ben\",\"password\":\"x\"}}}");
        AuthFile auth = AuthFile.read(file);
        assertThat(auth.forHost("a.example:5000")).contains(new Credentials("ann", "pw:with:colons"));
        assertThat(auth.forHost("b.example")).contains(new Credentials("ben", "x"));
        assertThat(auth.forHost("c.example")).isEmpty();
    }

    @Test
    void authFile_locate_prefersExplicitThenRegistryAuthFileThenDockerConfig() throws Exception {
        Path explicit = Files.writeString(tmp.resolve("explicit.json"), "{\"auths\":{}}");
        Path env = Files.writeString(tmp.resolve("env.json"), "{\"auths\":{\"h\":{\"auth\":\"" + b64("e:1") + "\"}}}");
        Files.createDirectories(tmp.resolve("home/.docker"));
        Files.writeString(tmp.resolve("home/.docker/config.json"), "{\"auths\":{\"h\":{\"auth\":\"" + b64("d:1") + "\"}}}");
        assertThat(AuthFile.locate(explicit, Map.of("REGISTRY_AUTH_FILE", env.toString()), tmp.resolve("home"))
                .orElseThrow().forHost("h")).isEmpty();
        assertThat(AuthFile.locate(null, Map.of("REGISTRY_AUTH_FILE", env.toString()), tmp.resolve("home"))
                .orElseThrow().forHost("h")).contains(new Credentials("e", "1"));
        assertThat(AuthFile.locate(null, Map.of(), tmp.resolve("home")).orElseThrow().forHost("h"))
                .contains(new Credentials("d", "1"));
        assertThat(AuthFile.locate(null, Map.of(), tmp.resolve("nowhere"))).isEmpty();
        assertThatThrownBy(() -> AuthFile.locate(tmp.resolve("missing.json"), Map.of(), null))
                .isInstanceOfSatisfying(OciException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_INPUT));
    }

    @Test
    void credentials_parse_splitsAtFirstColonAndHidesPassword() throws Exception {
        Credentials c = Credentials.parse("user:p:w");
        assertThat(c).isEqualTo(new Credentials("user", "p:w"));
        assertThat(c.toString()).doesNotContain("p:w");
        assertThatThrownBy(() -> Credentials.parse("nocolon")).hasMessageContaining("USER:PASSWORD");
    }

    @Test
    void retryPolicy_backoff_doublesUpToTheCapAndHonoursRetryAfterUpToItsCap() {
        RetryPolicy p = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(350), Duration.ofSeconds(3));
        assertThat(List.of(p.backoff(1, null), p.backoff(2, null), p.backoff(3, null))).containsExactly(
                Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(350));
        assertThat(p.backoff(1, Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.backoff(1, Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void bearer_challengeLeadsToTokenRequestWithCredentialsAndScope() throws Exception {
        byte[] manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"}"
                .getBytes(StandardCharsets.UTF_8);
        List<String> tokenQueries = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/token", ex -> {
            boolean ok = ("Basic " + b64("u:p")).equals(ex.getRequestHeaders().getFirst("Authorization"));
            tokenQueries.add(ex.getRequestURI().getRawQuery());
            byte[] body = ok ? "{\"token\":\"T0K\"}".getBytes(StandardCharsets.UTF_8) : new byte[0];
            ex.sendResponseHeaders(ok ? 200 : 401, ok ? body.length : -1);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/v2/", ex -> {
            if (!"Bearer T0K".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"" + base + "/token\",service=\"reg\","
                        + "scope=\"repository:team/app:pull\"");
                ex.sendResponseHeaders(401, -1);
                ex.close();
                return;
            }
            ex.getResponseHeaders().add("Content-Type", MediaTypes.OCI_MANIFEST);
            ex.getResponseHeaders().add("Docker-Content-Digest", Digest.of(manifest).toString());
            ex.sendResponseHeaders(200, ex.getRequestMethod().equals("HEAD") ? -1 : manifest.length);
            if (!ex.getRequestMethod().equals("HEAD")) {
                ex.getResponseBody().write(manifest);
            }
            ex.close();
        });
        server.start();
        try {
            String host = "127.0.0.1:" + server.getAddress().getPort();
            RegistryStore store = new RegistryStore(new RegistryClient(host, false, new Credentials("u", "p"),
                    RetryPolicy.none()), "team/app", Progress.NONE, RegistryStore.DEFAULT_CHUNK);
            Optional<Descriptor> d = store.resolve("1");
            assertThat(d).get().extracting(Descriptor::digest).isEqualTo(Digest.of(manifest));
            assertThat(store.manifest(d.get())).isEqualTo(manifest);
            assertThat(tokenQueries.get(0)).isEqualTo("service=reg&scope=repository%3Ateam%2Fapp%3Apull");

            RegistryStore anonymous = new RegistryStore(new RegistryClient(host, false, null, RetryPolicy.none()),
                    "team/app", Progress.NONE, RegistryStore.DEFAULT_CHUNK);
            assertThatThrownBy(() -> anonymous.resolve("1")).isInstanceOfSatisfying(RegistryException.class, e -> {
                assertThat(e.status()).isEqualTo(401);
                assertThat(e.kind()).isEqualTo(Kind.ENVIRONMENT);
            });
        } finally {
            server.stop(0);
        }
    }

    @Test
    void manifest_withWrongContent_isRefused() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", ex -> {
            byte[] body = "{\"tampered\":true}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            RegistryStore store = new RegistryStore(new RegistryClient("127.0.0.1:" + server.getAddress().getPort(), false,
                    null, RetryPolicy.none()), "app", Progress.NONE, RegistryStore.DEFAULT_CHUNK);
            Descriptor expected = Descriptor.of(MediaTypes.OCI_MANIFEST, "{}".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> store.manifest(expected)).hasMessageContaining("cannot read blob " + expected.digest())
                    .hasMessageContaining("size mismatch");
            assertThatThrownBy(() -> store.blob(expected).readAllBytes()).hasMessageContaining("cannot read blob " + expected.digest());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void confinedAuth_sendsNoCredentialsToATokenRealmOnAnotherHost_butAnOrdinaryClientDoes() throws Exception {
        List<String> tokenAuth = new CopyOnWriteArrayList<>();
        HttpServer realm = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        realm.createContext("/token", ex -> {
            tokenAuth.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            byte[] body = "{\"token\":\"T0K\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        HttpServer registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String realmUri = "http://127.0.0.1:" + realm.getAddress().getPort() + "/token";
        registry.createContext("/v2/", ex -> {
            ex.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"" + realmUri + "\",service=\"reg\"");
            ex.sendResponseHeaders(401, -1);
            ex.close();
        });
        realm.start();
        registry.start();
        try {
            String host = "127.0.0.1:" + registry.getAddress().getPort();
            for (boolean confined : List.of(true, false)) {
                RegistryStore store = new RegistryStore(new RegistryClient(host, false, new Credentials("u", "p"),
                        RetryPolicy.none(), confined), "team/app", Progress.NONE, RegistryStore.DEFAULT_CHUNK);
                assertThatThrownBy(() -> store.resolve("1")).isInstanceOf(RegistryException.class);
            }
            assertThat(tokenAuth).as("confined first, then ordinary").hasSizeGreaterThanOrEqualTo(2);
            assertThat(tokenAuth.get(0)).isEqualTo("null");
            assertThat(tokenAuth).contains("Basic " + b64("u:p"));
        } finally {
            registry.stop(0);
            realm.stop(0);
        }
    }

    @Test
    void confinedAuth_refusesAPlainHttpRealmNamedByAnHttpsRegistry() {
        assertThatThrownBy(() -> TokenRealm.check(java.net.URI.create("https://reg.example"),
                "http://reg.example/token")).hasMessageContaining("not HTTPS");
        assertThatThrownBy(() -> TokenRealm.check(java.net.URI.create("https://reg.example"),
                "ftp://reg.example/token")).hasMessageContaining("not HTTPS");
        assertThat(TokenRealm.check(java.net.URI.create("https://reg.example"),
                "https://auth.example/token")).as("another host: asked without credentials").isFalse();
        assertThat(TokenRealm.check(java.net.URI.create("https://reg.example"),
                "https://REG.example:443/token")).isTrue();
        assertThat(TokenRealm.check(java.net.URI.create("http://127.0.0.1:5000"),
                "http://127.0.0.1:5000/token")).as("a loopback registry may use a plain realm").isTrue();
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
