package dev.bulwark.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holds the server to {@code openapi.yaml}: every documented operation is called (successes and errors), each
 * answer must be one the document lists with a body its schema accepts, and the server has no route the document
 * lacks.
 */
class ApiContractTest {
    @TempDir
    static Path dir;
    static TestServer s;
    static OpenApiDocument doc;

    /** One request to make: the documented operation, the concrete path, the token and body, the status expected. */
    record Call(String operation, String method, String path, String token, String body, int status) {
    }

    static HttpServer receiver;
    static String hooks;

    @BeforeAll
    static void start() throws Exception {
        s = new TestServer(dir);
        doc = new OpenApiDocument();
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/ok", x -> answer(x, 200));
        receiver.createContext("/gone", x -> answer(x, 410));
        receiver.start();
        hooks = "http://127.0.0.1:" + receiver.getAddress().getPort();
    }

    private static void answer(HttpExchange x, int status) throws java.io.IOException {
        x.getRequestBody().readAllBytes();
        x.sendResponseHeaders(status, -1);
        x.close();
    }

    @AfterAll
    static void stop() {
        s.close();
        receiver.stop(0);
    }

    private static List<Call> calls() {
        String r = s.read;
        List<Call> c = new ArrayList<>();
        c.add(new Call("GET /health", "GET", "/health", null, null, 200));
        c.add(new Call("GET /openapi.yaml", "GET", "/openapi.yaml", null, null, 200));
        c.add(new Call("GET /images", "GET", "/images", r, null, 200));
        c.add(new Call("GET /images", "GET", "/images", null, null, 401));
        c.add(new Call("GET /images/{name}", "GET", "/images/python3", r, null, 200));
        c.add(new Call("GET /images/{name}", "GET", "/images/nope", r, null, 404));
        c.add(new Call("GET /images/{name}", "GET", "/images/python3", "bwk_wrong", null, 401));
        c.add(new Call("GET /images/{name}/builds", "GET", "/images/node/builds", r, null, 200));
        c.add(new Call("GET /images/{name}/builds", "GET", "/images/nope/builds", r, null, 404));
        c.add(new Call("GET /images/{name}/packages", "GET", "/images/python3/packages", r, null, 200));
        c.add(new Call("GET /images/{name}/packages", "GET", "/images/python3/packages?build=1&arch=amd64", r, null, 200));
        c.add(new Call("GET /images/{name}/packages", "GET", "/images/python3/packages?build=x", r, null, 400));
        c.add(new Call("GET /images/{name}/packages", "GET", "/images/python3/packages?build=9", r, null, 404));
        c.add(new Call("GET /images/{name}/diff", "GET", "/images/python3/diff?a=1&b=2", r, null, 200));
        c.add(new Call("GET /images/{name}/diff", "GET", "/images/python3/diff?a=1", r, null, 200));
        c.add(new Call("GET /images/{name}/diff", "GET", "/images/python3/diff", r, null, 400));
        c.add(new Call("GET /images/{name}/diff", "GET", "/images/python3/diff?a=1&b=7", r, null, 404));
        compare(c, r);
        c.add(new Call("POST /images/{name}/rebuild", "POST", "/images/python3/rebuild", s.build,
                "{\"reason\": \"openssl fix\"}", 202));
        c.add(new Call("POST /images/{name}/rebuild", "POST", "/images/node/rebuild", s.admin, null, 202));
        c.add(new Call("POST /images/{name}/rebuild", "POST", "/images/python3/rebuild", r, null, 403));
        c.add(new Call("POST /images/{name}/rebuild", "POST", "/images/python3/rebuild", s.build, "{oops", 400));
        c.add(new Call("POST /images/{name}/rebuild", "POST", "/images/python3/rebuild", s.build,
                "{\"reason\": \"" + "x".repeat(70_000) + "\"}", 413));
        c.add(new Call("POST /images/{name}/rebuild", "POST", "/images/nope/rebuild", s.build, null, 404));
        c.add(new Call("GET /rebuilds/{id}", "GET", "/rebuilds/1", r, null, 200));
        c.add(new Call("GET /rebuilds/{id}", "GET", "/rebuilds/999", r, null, 404));
        c.add(new Call("GET /rebuilds/{id}", "GET", "/rebuilds/x1", r, null, 400));
        c.add(new Call("GET /packages/{name}/users", "GET", "/packages/python3/users", r, null, 200));
        c.add(new Call("GET /packages/{name}/users", "GET", "/packages/python3/users?version=3.13.5-1&allBuilds=true",
                r, null, 200));
        c.add(new Call("GET /packages/{name}/users", "GET", "/packages/python3/users?allBuilds=maybe", r, null, 400));
        reads(c, r);
        admin(c);
        return c;
    }

    private static void compare(List<Call> c, String r) {
        c.add(new Call("GET /images/{name}/compare", "GET", "/images/python3/compare?with=ref:plain", r, null, 200));
        c.add(new Call("GET /images/{name}/compare", "GET", "/images/python3/compare?with=node:1&build=2", r, null, 200));
        c.add(new Call("GET /images/{name}/compare", "GET", "/images/python3/compare?with=ref:nope", r, null, 404));
        c.add(new Call("GET /images/{name}/compare", "GET", "/images/nope/compare?with=ref:plain", r, null, 404));
        c.add(new Call("GET /images/{name}/compare", "GET", "/images/python3/compare", r, null, 400));
        c.add(new Call("GET /images/{name}/compare", "GET", "/images/python3/compare?with=node:x", r, null, 400));
        c.add(new Call("GET /images/{name}/compare", "GET", "/images/python3/compare?with=ref:static", r, null, 502));
        c.add(new Call("GET /images/{name}/compare", "GET", "/images/python3/compare?with=ref:plain", null, null, 401));
        c.add(new Call("GET /references", "GET", "/references", r, null, 200));
        c.add(new Call("GET /references", "GET", "/references", null, null, 401));
    }

    private static void reads(List<Call> c, String r) {
        c.add(new Call("GET /images/{name}/vulnerabilities", "GET", "/images/python3/vulnerabilities", r, null, 200));
        c.add(new Call("GET /images/{name}/vulnerabilities", "GET", "/images/python3/vulnerabilities?build=1", r, null,
                200));
        c.add(new Call("GET /images/{name}/vulnerabilities", "GET", "/images/node/vulnerabilities", r, null, 200));
        c.add(new Call("GET /images/{name}/vulnerabilities", "GET", "/images/node/vulnerabilities?build=x", r, null, 400));
        c.add(new Call("GET /images/{name}/vulnerabilities", "GET", "/images/nope/vulnerabilities", r, null, 404));
        c.add(new Call("GET /images/{name}/vulnerabilities", "GET", "/images/node/vulnerabilities?build=9", r, null, 404));
        c.add(new Call("GET /images/{name}/events", "GET", "/images/python3/events", r, null, 200));
        c.add(new Call("GET /images/{name}/events", "GET", "/images/nope/events", r, null, 404));
        c.add(new Call("GET /images/{name}/events", "GET", "/images/python3/events?limit=2", r, null, 200));
        c.add(new Call("GET /images/{name}/events", "GET", "/images/python3/events?limit=0", r, null, 400));
        c.add(new Call("GET /images/{name}/events", "GET", "/images/python3/events?limit=1001", r, null, 400));
        c.add(new Call("GET /vulnerabilities", "GET", "/vulnerabilities", r, null, 200));
        c.add(new Call("GET /vulnerabilities", "GET", "/vulnerabilities", null, null, 401));
        c.add(new Call("GET /vulnerabilities", "GET", "/vulnerabilities?limit=1", r, null, 200));
        c.add(new Call("GET /vulnerabilities", "GET", "/vulnerabilities?limit=x", r, null, 400));
        c.add(new Call("GET /vulnerabilities", "GET", "/vulnerabilities?limit=1001", r, null, 400));
        c.add(new Call("GET /vulnerabilities/{id}", "GET", "/vulnerabilities/CVE-2026-0002", r, null, 200));
        c.add(new Call("GET /vulnerabilities/{id}", "GET", "/vulnerabilities/CVE-2099-9999", r, null, 200));
        c.add(new Call("GET /vulnerabilities/{id}", "GET", "/vulnerabilities/CVE%201", r, null, 400));
        c.add(new Call("GET /sla", "GET", "/sla", r, null, 200));
        c.add(new Call("GET /sla", "GET", "/sla?image=python3&target=12h", r, null, 200));
        c.add(new Call("GET /sla", "GET", "/sla?target=soon", r, null, 400));
        c.add(new Call("GET /sla", "GET", "/sla?image=nope", r, null, 404));
        c.add(new Call("GET /costs", "GET", "/costs", r, null, 200));
        c.add(new Call("GET /costs", "GET", "/costs?since=30d", r, null, 200));
        c.add(new Call("GET /costs", "GET", "/costs?since=-1", r, null, 400));
        c.add(new Call("GET /feeds/releases.json", "GET", "/feeds/releases.json", r, null, 200));
        c.add(new Call("GET /feeds/releases.json", "GET", "/feeds/releases.json?image=node&limit=1", r, null, 200));
        c.add(new Call("GET /feeds/releases.json", "GET", "/feeds/releases.json?limit=0", r, null, 400));
        c.add(new Call("GET /feeds/releases.json", "GET", "/feeds/releases.json?image=nope", r, null, 404));
        c.add(new Call("GET /feeds/releases.atom", "GET", "/feeds/releases.atom", r, null, 200));
        c.add(new Call("GET /feeds/releases.atom", "GET", "/feeds/releases.atom?limit=x", r, null, 400));
        c.add(new Call("GET /feeds/releases.atom", "GET", "/feeds/releases.atom?image=nope", r, null, 404));
    }

    private static void admin(List<Call> c) {
        String a = s.admin;
        String big = "{\"name\": \"" + "x".repeat(70_000) + "\"}";
        c.add(new Call("GET /tokens", "GET", "/tokens", a, null, 200));
        c.add(new Call("GET /tokens", "GET", "/tokens", s.build, null, 403));
        c.add(new Call("GET /tokens", "GET", "/tokens", null, null, 401));
        c.add(new Call("POST /tokens", "POST", "/tokens", a, "{\"role\": \"read\", \"name\": \"dash\"}", 201));
        c.add(new Call("POST /tokens", "POST", "/tokens", a, "{\"role\": \"build\"}", 201));
        c.add(new Call("POST /tokens", "POST", "/tokens", a, "{\"role\": \"read\", \"name\": \"dash\"}", 409));
        c.add(new Call("POST /tokens", "POST", "/tokens", a, "{\"role\": \"root\"}", 400));
        c.add(new Call("POST /tokens", "POST", "/tokens", a, "{\"name\": \"x\"}", 400));
        c.add(new Call("POST /tokens", "POST", "/tokens", a, big, 413));
        c.add(new Call("POST /tokens", "POST", "/tokens", s.build, "{\"role\": \"admin\"}", 403));
        c.add(new Call("DELETE /tokens/{ref}", "DELETE", "/tokens/dash", a, null, 200));
        c.add(new Call("DELETE /tokens/{ref}", "DELETE", "/tokens/ghost", a, null, 404));
        c.add(new Call("DELETE /tokens/{ref}", "DELETE", "/tokens/ops", s.read, null, 403));
        c.add(new Call("GET /webhooks", "GET", "/webhooks", a, null, 200));
        c.add(new Call("GET /webhooks", "GET", "/webhooks", s.read, null, 403));
        c.add(new Call("POST /webhooks", "POST", "/webhooks", a, "{\"url\": \"" + hooks + "/ok\", \"name\": "
                + "\"receiver\", \"events\": [\"dev.bulwark.image.released\"]}", 201));
        c.add(new Call("POST /webhooks", "POST", "/webhooks", a, "{\"url\": \"" + hooks + "/gone\", \"name\": "
                + "\"gone\"}", 201));
        c.add(new Call("POST /webhooks", "POST", "/webhooks", a, "{\"url\": \"" + hooks + "/ok\", \"name\": "
                + "\"receiver\"}", 409));
        c.add(new Call("POST /webhooks", "POST", "/webhooks", a, "{\"url\": \"ftp://example.org/x\"}", 400));
        c.add(new Call("POST /webhooks", "POST", "/webhooks", a, big, 413));
        c.add(new Call("POST /webhooks", "POST", "/webhooks", s.build, "{\"url\": \"" + hooks + "/ok\"}", 403));
        c.add(new Call("POST /webhooks/{ref}/test", "POST", "/webhooks/receiver/test", a, null, 200));
        c.add(new Call("POST /webhooks/{ref}/test", "POST", "/webhooks/gone/test", a, null, 200));
        c.add(new Call("POST /webhooks/{ref}/test", "POST", "/webhooks/gone/test", a, null, 409));
        c.add(new Call("POST /webhooks/{ref}/test", "POST", "/webhooks/ghost/test", a, null, 404));
        c.add(new Call("POST /webhooks/{ref}/test", "POST", "/webhooks/receiver/test", s.read, null, 403));
        c.add(new Call("DELETE /webhooks/{ref}", "DELETE", "/webhooks/receiver", a, null, 200));
        c.add(new Call("DELETE /webhooks/{ref}", "DELETE", "/webhooks/ghost", a, null, 404));
        c.add(new Call("DELETE /webhooks/{ref}", "DELETE", "/webhooks/gone", s.build, null, 403));
    }

    @Test
    void everyOperation_answersAsTheDocumentSays() throws Exception {
        Map<String, Set<Integer>> seen = new LinkedHashMap<>();
        for (Call c : calls()) {
            HttpResponse<String> response;
            try {
                response = s.send(c.method(), c.path(), c.token(), c.body());
            } catch (java.io.IOException e) {
                throw new AssertionError(c + ": no answer", e);
            }
            assertThat(response.statusCode()).as(c + " → " + response.body()).isEqualTo(c.status());
            doc.check(c.operation(), response);
            seen.computeIfAbsent(c.operation(), k -> new TreeSet<>()).add(c.status());
        }
        assertThat(seen.keySet()).as("operations exercised").containsExactlyInAnyOrderElementsOf(doc.operations());
        for (String op : doc.operations()) {
            assertThat(seen.get(op)).as(op + " is exercised with a success").anyMatch(st -> st < 300);
        }
    }

    @Test
    void theServer_hasNoRouteTheDocumentLacks_andTheDocumentNoneTheServerLacks() {
        Set<String> documented = new TreeSet<>();
        doc.operations().forEach(op -> documented.add(op.replaceFirst(" ", " /api/v1")));
        // Only the API's routes: pages registered beside it (the dashboard's) are not part of this document.
        assertThat(new TreeSet<>(s.server.routes().stream().filter(r -> r.contains(" /api/v1/")).toList()))
                .isEqualTo(documented);
    }

    @Test
    void theDocument_isServedAsCheckedIn() throws Exception {
        HttpResponse<String> r = s.get("/openapi.yaml", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("openapi: 3.1.0").contains("/images/{name}/rebuild:");
    }

    @Test
    void everyErrorStatusTheDocumentNames_isProducedByTheErrorTests() {
        Set<Integer> documented = new LinkedHashSet<>();
        doc.operations().forEach(op -> documented.addAll(doc.statuses(op)));
        documented.removeIf(st -> st < 400);
        // 429 and 503 need their own server set-up: ApiErrorsTest and ApiUnavailableTest make them and check them
        // against this document (a reference still being read: OutsideReferencesTest); the others come from calls().
        assertThat(documented).containsExactlyInAnyOrder(400, 401, 403, 404, 409, 413, 429, 502, 503);
    }
}
