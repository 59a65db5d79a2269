package dev.bulwark.catalog.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/** POSTs one signed event with the JDK's HTTP client: redirects are not followed, each attempt has a deadline. */
final class HttpPoster {
    /** What came back: an HTTP status, or none (-1) and why. */
    record Response(int status, String error) {
        boolean delivered() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpClient client;

    HttpPoster(Duration timeout) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    Response post(URI url, Map<String, String> headers, byte[] body, Duration timeout) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        try {
            HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return new Response(response.statusCode(), response.statusCode() / 100 == 2 ? null
                    : "the endpoint answered HTTP " + response.statusCode());
        } catch (HttpTimeoutException e) {
            return new Response(-1, "no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return new Response(-1, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }
}
