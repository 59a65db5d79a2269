package dev.bulwark.catalog.webhook;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A webhook endpoint: where events are POSTed, which event types it takes ({@code *} for all), whether it is still
 * enabled (an endpoint that answered 410 Gone is not), and its signing secrets: the current one, and during a
 * rotation the previous one until {@code previousUntil}.
 */
public record Webhook(long id, String name, URI url, List<String> events, boolean enabled, String disabledReason,
        Instant createdAt, WebhookSecret secret, WebhookSecret previousSecret, Instant previousUntil) {
    static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,62}[a-z0-9])?");
    static final Pattern EVENT_TYPE = Pattern.compile("\\*|[a-z0-9]+(\\.[a-z0-9-]+)+");

    public Webhook {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a webhook name (lower-case letters, digits, . _ -): " + name);
        }
        checkUrl(url);
        events = List.copyOf(events);
        if (events.isEmpty() || !events.stream().allMatch(e -> EVENT_TYPE.matcher(e).matches())) {
            throw new IllegalArgumentException("event types are dotted names or *: " + events);
        }
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(secret, "secret");
        if ((previousSecret == null) != (previousUntil == null)) {
            throw new IllegalArgumentException("a previous secret comes with the time it signs until");
        }
    }

    static URI checkUrl(URI url) {
        Objects.requireNonNull(url, "url");
        if (!("https".equals(url.getScheme()) || "http".equals(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException("a webhook URL is http(s)://HOST[:PORT]/PATH: " + url);
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("a webhook URL carries no credentials (the signature authenticates): "
                    + url.getHost());
        }
        return url;
    }

    public boolean subscribes(String eventType) {
        return events.contains("*") || events.contains(eventType);
    }

    /** The secrets a message sent at {@code now} is signed with: the current one, and the previous while it lasts. */
    public List<WebhookSecret> signingSecrets(Instant now) {
        List<WebhookSecret> out = new ArrayList<>(List.of(secret));
        if (previousSecret != null && now.isBefore(previousUntil)) {
            out.add(previousSecret);
        }
        return out;
    }

    @Override
    public String toString() {
        return "Webhook[" + id + " " + name + " " + url + " " + events + (enabled ? "" : " disabled") + "]";
    }
}
