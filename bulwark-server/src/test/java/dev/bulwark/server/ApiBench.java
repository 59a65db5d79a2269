package dev.bulwark.server;

import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.store.Catalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * The API bench ({@code bench/api.sh}): {@code seed DB N} catalogues N images (two builds each) through the
 * catalog's API, each newest build with findings and VEX statements, one in ten with an SLA clock; {@code measure
 * API_URL TOKEN N} times N sequential requests of each read endpoint, after a warm-up.
 */
public final class ApiBench {
    private ApiBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("seed")) {
            seed(Path.of(args[1]), Integer.parseInt(args[2]));
        } else if ((args.length == 4 || args.length == 5) && args[0].equals("measure")) {
            measure(URI.create(args[1]), args[2], Integer.parseInt(args[3]), args.length == 5 ? Integer.parseInt(args[4]) : 1000);
        } else {
            throw new IllegalArgumentException("usage: seed DB N | measure API_URL TOKEN N [SEEDED_IMAGES]");
        }
    }

    private static void seed(Path db, int images) throws Exception {
        long start = System.nanoTime();
        Catalog catalog = new Catalog(CatalogDatabase.open(new CatalogLocation.SqliteFile(db), Duration.ofSeconds(30)),
                Clock.systemUTC());
        for (int i = 0; i < images; i++) {
            String name = String.format(Locale.ROOT, "image-%04d", i);
            Fleet.addImage(catalog, name);
            Fleet.addExposedBuild(catalog, name);
            if (i % 10 == 0) {
                Fleet.slaClock(catalog, name, "CVE-2026-0001", i % 20 == 0 ? 30 : null);
            }
        }
        System.out.printf(Locale.ROOT, "catalogued %d images (%d builds, each newest with 2 findings and VEX) in %.1f s%n",
                images, 3 * images, (System.nanoTime() - start) / 1e9);
    }

    /** Times the read endpoints; per-image URLs cycle through the first {@code images} seeded names (at most 1,000). */
    private static void measure(URI api, String token, int n, int images) throws Exception {
        int spread = Math.max(1, Math.min(1000, images));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        time(http, token, api + "/images", n / 10, n / 10, "warm-up");
        time(http, token, api + "/images", n, 0, "GET /api/v1/images");
        time(http, token, api + "/images/image-%04d", n, spread, "GET /api/v1/images/{name}");
        time(http, token, api + "/images/image-%04d/builds", n, spread, "GET …/images/{name}/builds");
        time(http, token, api + "/images/image-%04d/vulnerabilities", n, spread, "GET …/{name}/vulnerabilities");
        time(http, token, api + "/images/image-%04d/events", n, spread, "GET …/images/{name}/events");
        time(http, token, api + "/vulnerabilities", n, 0, "GET /api/v1/vulnerabilities");
        time(http, token, api + "/vulnerabilities/CVE-2026-0002", n, 0, "GET …/vulnerabilities/{id}");
        time(http, token, api + "/sla", n, 0, "GET /api/v1/sla");
        time(http, token, api + "/costs", n, 0, "GET /api/v1/costs");
        time(http, token, api + "/feeds/releases.json", n, 0, "GET …/feeds/releases.json");
        time(http, token, api + "/feeds/releases.atom", n, 0, "GET …/feeds/releases.atom");
    }

    /** Requests {@code url} n times ({@code %04d} cycling through {@code spread} names) and prints percentiles. */
    private static void time(HttpClient http, String token, String url, int n, int spread, String label)
            throws Exception {
        long[] ms = new long[n];
        for (int i = 0; i < n; i++) {
            String u = spread > 0 && url.contains("%04d") ? String.format(Locale.ROOT, url, (i * 37) % spread) : url;
            HttpRequest request = HttpRequest.newBuilder(URI.create(u)).header("Authorization", "Bearer " + token).build();
            long t = System.nanoTime();
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            ms[i] = System.nanoTime() - t;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(u + " answered " + r.statusCode() + ": " + new String(r.body()));
            }
        }
        if (label.equals("warm-up")) {
            return;
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "%-34s n=%d  p50 %.1f ms  p95 %.1f ms  max %.1f ms%n", label, n,
                ms[n / 2] / 1e6, ms[(int) Math.ceil(n * 0.95) - 1] / 1e6, ms[n - 1] / 1e6);
    }
}
