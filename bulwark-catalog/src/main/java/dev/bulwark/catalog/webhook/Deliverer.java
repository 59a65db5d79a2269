package dev.bulwark.catalog.webhook;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.core.BulwarkException.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * Sends what the outbox holds: each due delivery is claimed, signed at the moment it is sent, POSTed, and the
 * attempt recorded with the delivery's new state, each step its own transaction (no transaction stays open
 * across a POST). A 2xx delivers, 410 Gone disables the endpoint, anything else (another status, a refused
 * connection, no answer within the timeout) schedules a retry after the policy's backoff, until the attempts run out.
 */
final class Deliverer {
    private static final int BATCH = 100;

    private final CatalogDatabase db;
    private final Clock clock;
    private final RandomGenerator random;
    private final DeliveryPolicy policy;
    private final HttpPoster poster;

    Deliverer(CatalogDatabase db, Clock clock, RandomGenerator random, DeliveryPolicy policy) {
        this.db = db;
        this.clock = clock;
        this.random = random;
        this.policy = policy;
        this.poster = new HttpPoster(policy.timeout());
    }

    /**
     * Delivers what is due now, and keeps going for retries that fall due within {@code wait}; only deliveries of
     * {@code eventId} when it is not null.
     */
    DeliveryReport run(Duration wait, String eventId) throws CatalogException {
        Instant deadline = clock.instant().plus(wait);
        List<DeliveryAttempt> attempts = new ArrayList<>();
        while (true) {
            long now = clock.millis();
            List<WebhookRows.Due> due = db.read("read the due webhook deliveries",
                    c -> WebhookRows.due(c, now, eventId, BATCH));
            for (WebhookRows.Due d : due) {
                attempt(d).ifPresent(attempts::add);
            }
            if (!due.isEmpty()) {
                continue;
            }
            OptionalLong next = db.read("read the next webhook retry", c -> WebhookRows.nextDue(c, eventId));
            if (next.isEmpty() || next.getAsLong() > deadline.toEpochMilli()) {
                break;
            }
            sleep(Math.max(1, next.getAsLong() - clock.millis()));
        }
        return db.read("count the webhook deliveries", c -> new DeliveryReport(attempts,
                WebhookRows.count(c, "delivered", eventId), WebhookRows.count(c, "failed", eventId),
                WebhookRows.count(c, "cancelled", eventId), WebhookRows.count(c, "pending", eventId)));
    }

    private java.util.Optional<DeliveryAttempt> attempt(WebhookRows.Due d) throws CatalogException {
        long now = clock.millis();
        long lease = now + 2 * policy.timeout().toMillis() + 1000;
        Webhook hook = db.transaction("claim a webhook delivery", c -> WebhookRows.claim(c, d, now, lease)
                ? WebhookRows.find(c, Long.toString(d.webhookId())).orElse(null) : null);
        if (hook == null) {
            return java.util.Optional.empty(); // another process took it, or the endpoint was removed
        }
        byte[] body = d.body().getBytes(StandardCharsets.UTF_8);
        Instant sent = clock.instant();
        long timestamp = sent.getEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", CloudEvents.MEDIA_TYPE);
        headers.put("User-Agent", "bulwark-webhooks");
        headers.put("webhook-id", d.eventId());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", Signatures.header(d.eventId(), timestamp, body, hook.signingSecrets(sent)));
        HttpPoster.Response response;
        try {
            response = poster.post(hook.url(), headers, body, policy.timeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CatalogException(Kind.ENVIRONMENT, "cannot deliver event " + d.eventId() + " to webhook "
                    + hook.name() + ": interrupted; it stays pending for the next 'catalog webhooks deliver'", e);
        }
        return java.util.Optional.of(record(d, hook, sent, response));
    }

    private DeliveryAttempt record(WebhookRows.Due d, Webhook hook, Instant sent, HttpPoster.Response response)
            throws CatalogException {
        int number = d.attempts() + 1;
        Duration took = Duration.between(sent, clock.instant());
        String outcome = response.delivered() ? "delivered" : response.status() == 410 ? "disabled"
                : number >= policy.maxAttempts() ? "failed" : "retry";
        DeliveryAttempt a = new DeliveryAttempt(hook.name(), d.eventId(), d.eventType(), number, sent,
                took.isNegative() ? Duration.ZERO : took, response.status() < 0 ? null : response.status(), outcome,
                response.error());
        long next = clock.millis() + policy.delayAfter(number, random).toMillis();
        db.transaction("record a webhook delivery attempt", c -> {
            switch (outcome) {
                case "delivered" -> WebhookRows.attempted(c, d, a, "delivered", next);
                case "retry" -> WebhookRows.attempted(c, d, a, "pending", next);
                case "failed" -> WebhookRows.attempted(c, d, a, "failed", next);
                default -> {
                    WebhookRows.attempted(c, d, a, "cancelled", next);
                    WebhookRows.disable(c, hook.id(), "the endpoint answered 410 Gone at " + sent, clock.millis());
                }
            }
            return null;
        });
        return a;
    }

    private static void sleep(long millis) throws CatalogException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CatalogException(Kind.ENVIRONMENT, "cannot wait for webhook retries: interrupted; the pending "
                    + "deliveries stay queued for the next 'catalog webhooks deliver'", e);
        }
    }
}
