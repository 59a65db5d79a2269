package dev.bulwark.catalog.feed;

import java.net.URI;
import java.time.Instant;
import java.util.Objects;

/**
 * What a feed is about: its {@code title}, the releases of {@code image} (null: of every image), the site it is
 * published under ({@code baseUrl}, may be null: then entries link to the image's manifest itself), a
 * {@code seed} its stable id is made from (the catalog's location when there is no base URL), and {@code now}
 * for the {@code updated} of a feed with no entries yet.
 */
public record FeedRequest(String title, String image, URI baseUrl, String seed, Instant now) {
    public FeedRequest {
        if (title == null || title.isBlank()) {
            throw new IllegalArgumentException("a feed has a title");
        }
        if (baseUrl != null && (baseUrl.getScheme() == null || !baseUrl.isAbsolute())) {
            throw new IllegalArgumentException("a feed's base URL is absolute: " + baseUrl);
        }
        Objects.requireNonNull(seed, "seed");
        Objects.requireNonNull(now, "now");
    }

    /** The base URL without a trailing slash, or null. */
    String base() {
        if (baseUrl == null) {
            return null;
        }
        String s = baseUrl.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
