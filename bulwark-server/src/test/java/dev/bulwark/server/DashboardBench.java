package dev.bulwark.server;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * The dashboard bench ({@code bench/dashboard.sh}): {@code measure DASHBOARD_URL TOKEN N} logs in with the token
 * as the login form does, then times N sequential loads of the fleet page and of image pages (overview and
 * vulnerabilities, cycling through the catalogued images) after a warm-up, printing p50/p95/max.
 */
public final class DashboardBench {
    private DashboardBench() {
    }

    public static void main(String[] args) throws Exception {
        if ((args.length != 4 && args.length != 5) || !args[0].equals("measure")) {
            throw new IllegalArgumentException("usage: measure DASHBOARD_URL TOKEN N [SEEDED_IMAGES]");
        }
        int spread = args.length == 5 ? Math.max(1, Math.min(1000, Integer.parseInt(args[4]))) : 1000;
        URI ui = URI.create(args[1]);
        int n = Integer.parseInt(args[3]);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(ui + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(args[2], StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (login.statusCode() != 303) {
            throw new IllegalStateException("login answered " + login.statusCode() + ": " + login.body());
        }
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        time(http, cookie, ui + "", Math.max(5, n / 10), spread, "warm-up");
        time(http, cookie, ui + "/images/image-%04d", Math.max(5, n / 10), spread, "warm-up");
        time(http, cookie, ui + "", n, spread, "GET /ui (fleet)");
        time(http, cookie, ui + "/images/image-%04d", n, spread, "GET /ui/images/{name}");
        time(http, cookie, ui + "/images/image-%04d/vulnerabilities", n, spread, "GET /ui/images/{name}/vulnerabilities");
    }

    private static void time(HttpClient http, String cookie, String url, int n, int spread, String label) throws Exception {
        long[] ns = new long[n];
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            String u = url.contains("%04d") ? String.format(Locale.ROOT, url, (i * 37) % spread) : url;
            HttpRequest request = HttpRequest.newBuilder(URI.create(u)).header("Cookie", cookie).build();
            long t = System.nanoTime();
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            ns[i] = System.nanoTime() - t;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(u + " answered " + r.statusCode());
            }
            bytes += r.body().length;
        }
        if (label.equals("warm-up")) {
            return;
        }
        Arrays.sort(ns);
        System.out.printf(Locale.ROOT, "%-40s n=%d  p50 %.1f ms  p95 %.1f ms  max %.1f ms  (%d KiB a page)%n", label, n,
                ns[n / 2] / 1e6, ns[(int) Math.ceil(n * 0.95) - 1] / 1e6, ns[n - 1] / 1e6, bytes / n / 1024);
    }
}
