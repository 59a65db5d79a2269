package dev.bulwark.catalog.webhook;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.core.BulwarkException.Kind;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * {@code catalog webhooks …}: the endpoints that hear of releases, their secrets, the delivery of what the outbox
 * holds, and the log of every attempt. Endpoints are named by name or by id.
 */
public final class Webhooks {
    private final CatalogDatabase db;
    private final Clock clock;
    private final RandomGenerator random;

    /** {@code random} makes secrets, test event ids and jitter: a SecureRandom in production. */
    public Webhooks(CatalogDatabase db, Clock clock, RandomGenerator random) {
        this.db = db;
        this.clock = clock;
        this.random = random;
    }

    /** Adds an endpoint; {@code name} null picks one from the URL's host; {@code secret} null generates one. */
    public Webhook add(URI url, String name, List<String> events, WebhookSecret secret) throws CatalogException {
        URI checked = checked(url);
        WebhookSecret key = secret != null ? secret : WebhookSecret.generate(random);
        List<String> types = events.isEmpty() ? List.of("*") : List.copyOf(events);
        for (String t : types) {
            if (!Webhook.EVENT_TYPE.matcher(t).matches()) {
                throw new CatalogException(Kind.BAD_INPUT, "cannot add webhook " + checked.getHost() + ": '" + t
                        + "' is not an event type; give dotted names such as dev.bulwark.image.released, or *");
            }
        }
        if (name != null && (!Webhook.NAME.matcher(name).matches() || name.matches("[0-9]+"))) {
            throw new CatalogException(Kind.BAD_INPUT, "cannot add webhook '" + name + "': a name is lower-case "
                    + "letters, digits, '.', '_' and '-', and not only digits (those name an id)");
        }
        return db.transaction("add a webhook", c -> {
            String chosen = name != null ? name : freeName(c, checked.getHost());
            if (WebhookRows.find(c, chosen).isPresent()) {
                throw new CatalogException(Kind.BAD_INPUT, "cannot add webhook " + chosen + ": the name is taken; "
                        + "give another --name, or remove it first");
            }
            long id = WebhookRows.insert(c, chosen, checked, types, key, clock.millis());
            return WebhookRows.find(c, Long.toString(id)).orElseThrow();
        });
    }

    public List<Webhook> list() throws CatalogException {
        return db.read("list the webhooks", WebhookRows::all);
    }

    public Webhook find(String ref) throws CatalogException {
        return db.read("read webhook " + ref, c -> existing(c, ref));
    }

    /** Removes an endpoint with its deliveries and their log. */
    public Webhook remove(String ref) throws CatalogException {
        return db.transaction("remove webhook " + ref, c -> {
            Webhook w = existing(c, ref);
            WebhookRows.delete(c, w.id());
            return w;
        });
    }

    /**
     * Makes {@code next} (generated when null) the endpoint's secret; the current one keeps signing beside it for
     * {@code overlap}, so receivers can switch without missing an event.
     */
    public Webhook rotateSecret(String ref, WebhookSecret next, Duration overlap) throws CatalogException {
        WebhookSecret key = next != null ? next : WebhookSecret.generate(random);
        return db.transaction("rotate the secret of webhook " + ref, c -> {
            Webhook w = existing(c, ref);
            WebhookRows.rotate(c, w.id(), key, w.secret(), clock.instant().plus(overlap));
            return existing(c, Long.toString(w.id()));
        });
    }

    /** Sends a test event to one endpoint now, retried within {@code wait} like any delivery. */
    public DeliveryReport test(String ref, DeliveryPolicy policy, Duration wait) throws CatalogException {
        String eventId = "tst_" + HexFormat.of().formatHex(bytes(16));
        db.transaction("queue a test event for webhook " + ref, c -> {
            Webhook w = existing(c, ref);
            if (!w.enabled()) {
                throw new CatalogException(Kind.BAD_INPUT, "cannot test webhook " + w.name() + ": it is disabled ("
                        + w.disabledReason() + "); remove it and add it again once the endpoint is back");
            }
            Instant now = clock.instant();
            return Outbox.enqueue(c, eventId, CloudEvents.TEST_TYPE, CloudEvents.test(eventId, w.name(), now),
                    now.toEpochMilli(), w.id());
        });
        return new Deliverer(db, clock, random, policy).run(wait, eventId);
    }

    /** Sends every pending delivery that is due, and the retries that fall due within {@code wait}. */
    public DeliveryReport deliver(DeliveryPolicy policy, Duration wait) throws CatalogException {
        return new Deliverer(db, clock, random, policy).run(wait, null);
    }

    /** Delivery attempts newest first, at most {@code limit}; of one endpoint when {@code ref} is not null. */
    public List<DeliveryAttempt> log(String ref, int limit) throws CatalogException {
        return db.read("read the webhook delivery log", c -> WebhookRows.log(c,
                ref == null ? null : existing(c, ref).id(), limit));
    }

    private static URI checked(URI url) throws CatalogException {
        try {
            return Webhook.checkUrl(url);
        } catch (IllegalArgumentException e) {
            throw new CatalogException(Kind.BAD_INPUT, "cannot add webhook " + (url.getHost() == null ? "(no host)"
                    : url.getHost()) + ": " + e.getMessage(), e);
        }
    }

    private static Webhook existing(Connection c, String ref) throws SQLException, CatalogException {
        return WebhookRows.find(c, ref).orElseThrow(() -> new CatalogException(Kind.BAD_INPUT, "cannot find webhook "
                + ref + ": there is none by that name or id; 'bulwark catalog webhooks list' shows them"));
    }

    /** The URL's host as a name, with -2, -3, … when taken. */
    private static String freeName(Connection c, String host) throws SQLException {
        String base = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "-").replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
        base = base.isEmpty() ? "webhook" : base.substring(0, Math.min(base.length(), 56));
        String name = base;
        for (int n = 2; WebhookRows.find(c, name).isPresent(); n++) {
            name = base + "-" + n;
        }
        return name;
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
