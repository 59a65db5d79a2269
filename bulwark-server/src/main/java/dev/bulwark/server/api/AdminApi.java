package dev.bulwark.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.catalog.webhook.DeliveryPolicy;
import dev.bulwark.catalog.webhook.Webhook;
import dev.bulwark.catalog.webhook.WebhookJson;
import dev.bulwark.catalog.webhook.WebhookSecret;
import dev.bulwark.catalog.webhook.Webhooks;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.server.auth.IssuedToken;
import dev.bulwark.server.auth.Role;
import dev.bulwark.server.auth.Token;
import io.javalin.http.Context;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What only an admin may do: tokens (as {@code bulwark tokens} manages them) and webhooks (as {@code bulwark
 * catalog webhooks} does). A secret is answered once, when it is made: a token's, and a webhook's signing secret.
 */
final class AdminApi {
    private static final DeliveryPolicy TEST = new DeliveryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ofSeconds(10));

    private final CatalogAccess access;
    private final long maxBodyBytes;
    private final Clock clock;
    private final PrintStream log;
    private final SecureRandom random = new SecureRandom();

    AdminApi(CatalogAccess access, long maxBodyBytes, Clock clock, PrintStream log) {
        this.access = access;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
        this.log = log;
    }

    /** {@code GET /tokens}: every token, revoked ones too; never a secret. */
    void tokens(Context ctx, Caller caller, Catalog catalog) throws BulwarkException {
        ImageApi.json(ctx, ApiJson.tokens(access.get().tokens().list()));
    }

    /** {@code POST /tokens} {@code {"role": "read", "name": "ci"}}: 201 with the token, shown this once. */
    void createToken(Context ctx, Caller caller, Catalog catalog) throws BulwarkException {
        JsonNode body = Requests.object(Requests.body(ctx, maxBodyBytes), Set.of("role", "name"),
                "{\"role\": \"read|build|admin\", \"name\": \"NAME\"} (name optional)");
        Role role = Role.parse(Requests.text(body, "role", 20, true));
        String name = Requests.text(body, "name", 64, false);
        if (name != null && access.get().tokens().list().stream().anyMatch(t -> t.name().equals(name))) {
            throw new ApiError(409, "cannot create token " + name + ": a token of that name exists; choose another "
                    + "name, or revoke it first (GET /api/v1/tokens lists them)");
        }
        IssuedToken issued;
        try {
            issued = access.get().tokens().create(role, name);
        } catch (CatalogException e) {
            throw refused(e);
        }
        audit(caller, "created token " + issued.token().name() + " (id " + issued.token().id() + ", role "
                + role.label() + ")");
        ctx.status(201);
        ImageApi.json(ctx, ApiJson.issued(issued));
    }

    /** {@code DELETE /tokens/{ref}}: revokes by name or id; it stops working at once. */
    void revokeToken(Context ctx, Caller caller, Catalog catalog) throws BulwarkException {
        Token t = access.get().tokens().revoke(ctx.pathParam("ref"));
        audit(caller, "revoked token " + t.name() + " (id " + t.id() + ")");
        ImageApi.json(ctx, ApiJson.token(t));
    }

    /** {@code GET /webhooks}: the endpoints, without their secrets. */
    void webhooks(Context ctx, Caller caller, Catalog catalog) throws BulwarkException {
        ImageApi.json(ctx, WebhookJson.webhooks(webhooks().list()));
    }

    /**
     * {@code POST /webhooks} {@code {"url": "…", "name": "…", "events": ["…"]}}: 201 with the signing secret made
     * for it, shown this once (as {@code catalog webhooks add} without a secret file prints it).
     */
    void addWebhook(Context ctx, Caller caller, Catalog catalog) throws BulwarkException {
        JsonNode body = Requests.object(Requests.body(ctx, maxBodyBytes), Set.of("url", "name", "events"),
                "{\"url\": \"https://HOST/PATH\", \"name\": \"NAME\", \"events\": [\"TYPE\"]} (name and events "
                        + "optional)");
        URI url = url(Requests.text(body, "url", 2000, true));
        String name = Requests.text(body, "name", 64, false);
        Webhooks hooks = webhooks();
        if (name != null && hooks.list().stream().anyMatch(w -> w.name().equals(name))) {
            throw new ApiError(409, "cannot add webhook " + name + ": the name is taken; give another name, or "
                    + "remove it first");
        }
        WebhookSecret secret = WebhookSecret.generate(random);
        Webhook w;
        try {
            w = hooks.add(url, name, events(body), secret);
        } catch (CatalogException e) {
            throw refused(e);
        }
        audit(caller, "added webhook " + w.name());
        ctx.status(201);
        ImageApi.json(ctx, WebhookJson.webhook(w, secret));
    }

    /** {@code DELETE /webhooks/{ref}}: removes it with its queued deliveries and their log. */
    void removeWebhook(Context ctx, Caller caller, Catalog catalog) throws BulwarkException {
        Webhook w = webhooks().remove(ctx.pathParam("ref"));
        audit(caller, "removed webhook " + w.name());
        ImageApi.json(ctx, WebhookJson.webhook(w, null));
    }

    /** {@code POST /webhooks/{ref}/test}: one signed test event, one attempt; the report says how it went. */
    void testWebhook(Context ctx, Caller caller, Catalog catalog) throws BulwarkException {
        Webhooks hooks = webhooks();
        Webhook w = hooks.find(ctx.pathParam("ref"));
        if (!w.enabled()) {
            throw new ApiError(409, "cannot test webhook " + w.name() + ": it is disabled (" + w.disabledReason()
                    + "); remove it and add it again once the endpoint is back");
        }
        ImageApi.json(ctx, WebhookJson.report(hooks.test(Long.toString(w.id()), TEST, Duration.ZERO)));
    }

    /** What the catalog refuses to create is a bad request (not a missing resource); a failing catalog a 503. */
    private ApiError refused(CatalogException e) {
        return e.kind() == Kind.BAD_INPUT ? ApiError.badRequest(e.getMessage()) : access.unavailable(e);
    }

    private Webhooks webhooks() {
        return new Webhooks(access.get().db(), clock, random);
    }

    private static URI url(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw ApiError.badRequest("cannot add webhook: url is not a URL (" + e.getReason() + "); give "
                    + "http(s)://HOST[:PORT]/PATH");
        }
    }

    private static List<String> events(JsonNode body) {
        JsonNode events = body.get("events");
        List<String> out = new ArrayList<>();
        if (events == null || events.isNull()) {
            return out;
        }
        if (!events.isArray() || events.size() > 50) {
            throw ApiError.badRequest("cannot read the request body: events is a list of at most 50 event types");
        }
        for (JsonNode e : events) {
            if (!e.isTextual()) {
                throw ApiError.badRequest("cannot read the request body: events holds strings such as "
                        + "dev.bulwark.image.released");
            }
            out.add(e.asText());
        }
        return out;
    }

    private void audit(Caller caller, String what) {
        log.println("bulwark serve: " + caller.name() + " " + what);
        log.flush();
    }
}
