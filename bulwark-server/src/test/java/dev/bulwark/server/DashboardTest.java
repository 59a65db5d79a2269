package dev.bulwark.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.server.rebuild.RebuildRequests;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dashboard over a real server and catalog, spoken to as a browser would: forms, a cookie, redirects. */
class DashboardTest {
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([A-Za-z0-9_-]+)\"");

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
    void login_givesAnHttpOnlyStrictCookie_andTheTokenIsInNoAddressOrCookie() throws Exception {
        HttpResponse<String> anonymous = get("/ui", null);
        assertThat(anonymous.statusCode()).isEqualTo(303);
        assertThat(anonymous.headers().firstValue("Location")).hasValue("/ui/login");

        HttpResponse<String> login = post("/ui/login", null, "token=" + s.read);
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.headers().firstValue("Location")).hasValue("/ui");
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("bulwark_session=").contains("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/").doesNotContain(s.read).doesNotContain(s.read.substring(4, 20));

        HttpResponse<String> fleet = get("/ui", cookie(login));
        assertThat(fleet.statusCode()).isEqualTo(200);
        assertThat(fleet.body()).contains("ci-read (read)").doesNotContain(s.read);
        assertThat(fleet.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("default-src 'none'");
    }

    @Test
    void login_cookieIsSecureWhenToldTheServerIsBehindHttps_neverBecauseOfAForwardedHeader() throws Exception {
        HttpResponse<String> forwarded = send(loginRequest(s, s.read).header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Ssl", "on").header("Forwarded", "proto=https"));
        assertThat(forwarded.statusCode()).isEqualTo(303);
        assertThat(attributes(forwarded)).as("anyone can send X-Forwarded-Proto").doesNotContain("secure");

        try (TestServer proxied = new TestServer(dir.resolve("proxied"),
                ServerConfig.of(new Listen("127.0.0.1", 0)).withSecureCookies(true))) {
            HttpResponse<String> login = send(loginRequest(proxied, proxied.read));
            assertThat(login.statusCode()).isEqualTo(303);
            assertThat(attributes(login)).contains("secure", "httponly", "samesite=strict");
        }
    }

    private static HttpRequest.Builder loginRequest(TestServer server, String token) {
        String origin = "http://127.0.0.1:" + server.server.port();
        return HttpRequest.newBuilder(URI.create(origin + "/ui/login")).header("Origin", origin)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token));
    }

    /** The Set-Cookie attributes after the name=value, lower-cased. */
    private static java.util.List<String> attributes(HttpResponse<String> r) {
        String[] parts = r.headers().firstValue("Set-Cookie").orElseThrow().split(";");
        return java.util.Arrays.stream(parts).skip(1).map(p -> p.trim().toLowerCase(java.util.Locale.ROOT)).toList();
    }

    @Test
    void login_refusesAnUnknownToken_andAFormFromAnotherSite() throws Exception {
        HttpResponse<String> bad = post("/ui/login", null, "token=bwk_not-a-real-token");
        assertThat(bad.statusCode()).isEqualTo(401);
        assertThat(bad.body()).contains("That token is not valid");
        assertThat(bad.headers().firstValue("Set-Cookie")).isEmpty();

        HttpResponse<String> foreign = send(HttpRequest.newBuilder(uri("/ui/login")).header("Origin", "http://evil.example")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + s.read)));
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void forms_otherThanUrlEncoded_areRefusedBeforeAFieldIsRead_andAnOversizedFormIsA413() throws Exception {
        String origin = "http://127.0.0.1:" + s.server.port();
        String multipart = "--b\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\n" + s.read + "\r\n--b--\r\n";
        HttpResponse<String> login = send(HttpRequest.newBuilder(uri("/ui/login")).header("Origin", origin)
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofString(multipart)));
        assertThat(login.statusCode()).isEqualTo(415);
        assertThat(login.body()).contains("URL-encoded");
        assertThat(login.headers().firstValue("Set-Cookie")).as("a valid token in a multipart body").isEmpty();

        String cookie = login(s.read);
        HttpResponse<String> logout = send(HttpRequest.newBuilder(uri("/ui/logout")).header("Origin", origin)
                .header("Cookie", cookie).header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofString("--b\r\nContent-Disposition: form-data; name=\"csrf\""
                        + "\r\n\r\n" + csrf(get("/ui", cookie).body()) + "\r\n--b--\r\n")));
        assertThat(logout.statusCode()).isEqualTo(415);
        assertThat(get("/ui", cookie).statusCode()).as("still logged in").isEqualTo(200);

        HttpResponse<String> oversized = post("/ui/login", null, "token=" + "a".repeat(200_000));
        assertThat(oversized.statusCode()).isEqualTo(413);
    }

    @Test
    void loggingInAgainAndAgainWithOneToken_endsOnlyThatTokensOldestSessions() throws Exception {
        String other = login(s.build);
        String oldest = login(s.read);
        String newest = oldest;
        for (int i = 0; i < 20; i++) {   // a token keeps its 20 newest sessions
            newest = login(s.read);
        }
        assertThat(get("/ui", oldest).statusCode()).as("the token's oldest session").isEqualTo(303);
        assertThat(get("/ui", newest).statusCode()).isEqualTo(200);
        assertThat(get("/ui", other).statusCode()).as("another token's session").isEqualTo(200);
    }

    @Test
    void fleet_listsImagesWithTheirCves_andDrawsTheChart() throws Exception {
        String cookie = login(s.read);
        String body = get("/ui", cookie).body();
        assertThat(body).contains("href=\"/ui/images/python3\"").contains("href=\"/ui/images/node\"")
                .contains("<span class=\"n\" id=\"image-count\">2</span>");
        assertThat(body).contains("<svg").contains("CVE counts over time").contains("<polygon")
                .contains("CVEs in the fleet over the last 90 days");
        assertThat(get("/ui?q=pyth", cookie).body()).contains("/ui/images/python3").doesNotContain("/ui/images/node\"");
    }

    @Test
    void everyCatalogString_isEscaped() throws Exception {
        String hostile = "<script>alert(1)</script>\" onmouseover=\"x";
        new RebuildRequests(database(), Clock.systemUTC()).enqueue("python3", hostile, "ci-build");
        new Catalog(database(), Clock.systemUTC()).recordEvent("python3", "build.failed", hostile);
        String cookie = login(s.read);
        for (String page : new String[] {"/ui", "/ui/images/python3"}) {
            String body = get(page, cookie).body();
            assertThat(body).as(page).doesNotContain("<script>").doesNotContain("\" onmouseover")
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        }
    }

    @Test
    void rebuildRequests_showTheListedColumnsOnly_andTheirLogEscaped() throws Exception {
        CatalogDatabase db = database();
        long id = new RebuildRequests(db, Clock.systemUTC()).enqueue("python3", "openssl fix", "ci-build").orElseThrow()
                .job().id();
        db.transaction("add a column the dashboard does not know, and a log line", c -> {
            try (var st = c.createStatement()) {
                st.executeUpdate("ALTER TABLE rebuild_requests ADD COLUMN internal_note TEXT");
                st.executeUpdate("UPDATE rebuild_requests SET internal_note = 'do-not-show-this', attempts = 7");
            }
            try (var ps = c.prepareStatement("INSERT INTO rebuild_log (request_id, seq, at, line) VALUES (?, 1, 0, ?)")) {
                ps.setLong(1, id);
                ps.setString(2, "step <img src onerror>");
                return ps.executeUpdate();
            }
        });
        String cookie = login(s.read);
        for (String page : new String[] {"/ui", "/ui/images/python3"}) {
            String body = get(page, cookie).body();
            assertThat(body).as(page).contains("<th>Attempts</th>").contains("<th>Last log line</th>")
                    .contains("<td>7</td>").contains("step &lt;img src onerror&gt;")
                    .doesNotContain("<img src").doesNotContain("do-not-show-this").doesNotContain("Internal note");
        }
    }

    @Test
    void vulnerabilities_showFixStatusPerBuild() throws Exception {
        String cookie = login(s.read);
        String old = get("/ui/images/python3/vulnerabilities?build=1", cookie).body();
        assertThat(old).contains("CVE-2026-0001").contains("fixed in 3.13.5-2").contains("No VEX document");
        assertThat(get("/ui/images/python3/vulnerabilities?build=2", cookie).body()).contains("id=\"no-findings\"")
                .doesNotContain("CVE-2026-0001");
        String current = get("/ui/images/python3/vulnerabilities", cookie).body();
        assertThat(current).contains("Vulnerabilities of build 3").contains("CVE-2026-0002").contains("no fix yet")
                .doesNotContain("CVE-2026-0001");
        assertThat(get("/ui/images/nope", cookie).statusCode()).isEqualTo(404);
    }

    @Test
    void vulnerabilities_showTheVexStatusTheCatalogRecorded_asTheApiDoes() throws Exception {
        String cookie = login(s.read);
        String current = get("/ui/images/python3/vulnerabilities", cookie).body();
        assertThat(current).contains("VEX statuses as the catalog recorded them").doesNotContain("No VEX document")
                .contains("<td>affected</td>");
    }

    @Test
    void compare_twoBuilds_showsPackagesAndCvesThatDiffer() throws Exception {
        String cookie = login(s.read);
        String body = get("/ui/compare?a=python3:1&b=node", cookie).body();
        assertThat(body).contains("python3 build 1 against node build 2");
        assertThat(body).contains("<td>python3</td><td>3.13.5-1</td><td>3.13.5-2</td>");
        assertThat(body).contains("CVE-2026-0001").contains("only python3 build 1");
    }

    @Test
    void rebuildNow_needsTheBuildRoleAndTheFormsCsrfToken() throws Exception {
        String reader = login(s.read);
        String readerCsrf = csrf(get("/ui/images/python3", reader).body());
        assertThat(post("/ui/images/python3/rebuild", reader, "csrf=" + readerCsrf).statusCode()).isEqualTo(403);

        String builder = login(s.build);
        String page = get("/ui/images/python3", builder).body();
        assertThat(page).contains("id=\"rebuild-now\"");
        assertThat(post("/ui/images/python3/rebuild", builder, "reason=x").statusCode()).as("no CSRF token")
                .isEqualTo(403);
        assertThat(post("/ui/images/python3/rebuild", builder, "csrf=" + readerCsrf).statusCode())
                .as("another session's CSRF token").isEqualTo(403);
        HttpResponse<String> ok = post("/ui/images/python3/rebuild", builder, "csrf=" + csrf(page) + "&reason="
                + URLEncoder.encode("openssl fix", StandardCharsets.UTF_8));
        assertThat(ok.statusCode()).isEqualTo(303);
        assertThat(ok.headers().firstValue("Location").orElseThrow()).matches("/ui/images/python3\\?rebuild=\\d+");
        assertThat(new RebuildRequests(database(), Clock.systemUTC()).queued()).singleElement()
                .satisfies(r -> assertThat(r.reason() + " by " + r.requestedBy()).isEqualTo("openssl fix by ci-build"));
        assertThat(get(ok.headers().firstValue("Location").orElseThrow(), builder).body())
                .contains("is queued").contains("openssl fix");
    }

    @Test
    void revokingTheToken_endsItsSessions() throws Exception {
        String cookie = login(s.read);
        assertThat(get("/ui", cookie).statusCode()).isEqualTo(200);
        s.tokens.revoke("ci-read");
        assertThat(get("/ui", cookie).statusCode()).isEqualTo(303);
    }

    @Test
    void logout_needsTheCsrfToken_andThenTheCookieNoLongerWorks() throws Exception {
        String cookie = login(s.read);
        String token = csrf(get("/ui", cookie).body());
        assertThat(post("/ui/logout", cookie, "").statusCode()).isEqualTo(403);
        assertThat(post("/ui/logout", cookie, "csrf=" + token).statusCode()).isEqualTo(303);
        assertThat(get("/ui", cookie).statusCode()).isEqualTo(303);
    }

    @Test
    void evidence_ofAKindTheBuildLacks_isA404_andTheTabSaysItRecordsNone() throws Exception {
        String cookie = login(s.read);
        assertThat(get("/ui/images/python3/builds/2/evidence/sbom-spdx?arch=amd64", cookie).statusCode())
                .isEqualTo(404);
        assertThat(get("/ui/images/python3/evidence", cookie).body()).contains("records no evidence");
    }

    @Test
    void evidence_ofABuildPublishedNowhereReachable_isA502NamingWhere() throws Exception {
        Path gone = dir.resolve("gone");
        database().transaction("record evidence published to a layout that is not there", c -> {
            try (var st = c.createStatement()) {
                st.executeUpdate("INSERT INTO build_attestations (build_id, kind, arch, digest) SELECT b.id, 'sbom-spdx', "
                        + "'amd64', 'sha256:" + "ef".repeat(32) + "' FROM builds b JOIN images i ON i.id = b.image_id "
                        + "WHERE i.name = 'python3' AND b.number = 2");
                return st.executeUpdate("UPDATE publications SET reference = 'oci:" + gone + "'");
            }
        });
        String cookie = login(s.read);
        HttpResponse<String> r = get("/ui/images/python3/builds/2/evidence/sbom-spdx?arch=amd64", cookie);
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).contains("cannot fetch evidence sha256:" + "ef".repeat(32))
                .contains("oci:" + gone + ": the layout is not there");
    }

    private CatalogDatabase database() throws Exception {
        return CatalogDatabase.open(new CatalogLocation.SqliteFile(s.db), Duration.ofSeconds(5));
    }

    private String login(String token) throws Exception {
        HttpResponse<String> r = post("/ui/login", null, "token=" + token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(303);
        return cookie(r);
    }

    private static String cookie(HttpResponse<String> r) {
        return r.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    }

    private static String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        assertThat(m.find()).as("a CSRF field").isTrue();
        return m.group(1);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + s.server.port() + path);
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return send(b);
    }

    private HttpResponse<String> post(String path, String cookie, String form) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "http://127.0.0.1:" + s.server.port())
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return send(b);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
