package dev.bulwark.catalog.bump;

import dev.bulwark.core.BulwarkException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * GETs of JSON for the server and feed sources, with the JDK's client and its default TLS trust: a deadline per
 * request, a size limit, and plain HTTP only to a loopback address (a token or a feed read over the network is
 * read over TLS). Redirects are not followed, so a token never goes to another host.
 */
final class HttpGet {
    private static final java.util.regex.Pattern IPV4_LOOPBACK =
            java.util.regex.Pattern.compile("127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    static final int MAX_BYTES = 64 << 20;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private final HttpClient client;

    HttpGet() {
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Refuses what is neither https nor http to a loopback host. */
    static URI check(String url, String what) throws BumpException {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new BumpException(Kind.BAD_INPUT, "cannot use " + what + " " + url + ": not a URL; give https://HOST/…");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme();
        if (u.getHost() == null || !(scheme.equals("https") || scheme.equals("http") && loopback(u.getHost()))) {
            throw new BumpException(Kind.BAD_INPUT, "cannot use " + what + " " + url + ": give an https:// URL "
                    + "(plain http only to localhost)");
        }
        return u;
    }

    /** Whether {@code host} names this machine: localhost, an IPv4 literal 127.x.y.z, or ::1 — never a name. */
    static boolean loopback(String host) {
        return host.equals("localhost") || IPV4_LOOPBACK.matcher(host).matches() || host.equals("[::1]")
                || host.equals("::1");
    }

    /** The body of a 200 answer; {@code status} maps any other status to the exception to throw. */
    byte[] get(URI url, String token, String accept, StatusError status) throws BumpException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(TIMEOUT).GET().header("Accept", accept);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<InputStream> response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw status.error(response.statusCode());
                }
                byte[] bytes = body.readNBytes(MAX_BYTES + 1);
                if (bytes.length > MAX_BYTES) {
                    throw new BumpException(Kind.ENVIRONMENT, "cannot read " + url + ": the answer is larger than "
                            + (MAX_BYTES >> 20) + " MiB");
                }
                return bytes;
            }
        } catch (HttpTimeoutException e) {
            throw new BumpException(Kind.ENVIRONMENT, "cannot read " + url + ": no answer within "
                    + TIMEOUT.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new BumpException(Kind.ENVIRONMENT, "cannot read " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BumpException(Kind.ENVIRONMENT, "cannot read " + url + ": interrupted", e);
        }
    }

    /** The failure a status other than 200 means. */
    interface StatusError {
        BumpException error(int status);
    }
}
