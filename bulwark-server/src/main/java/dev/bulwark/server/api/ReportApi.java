package dev.bulwark.server.api;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.costs.CostJson;
import dev.bulwark.catalog.costs.CostReport;
import dev.bulwark.catalog.feed.FeedRequest;
import dev.bulwark.catalog.feed.Feeds;
import dev.bulwark.catalog.sla.SlaClocks;
import dev.bulwark.catalog.sla.SlaJson;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.core.BulwarkException;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The catalog's reports as {@code bulwark catalog sla|costs|feed} print them, and an image's events: the same
 * classes make the same documents.
 */
final class ReportApi {
    private static final int MAX_FEED = 500;
    /** {@code GET /images/{name}/events}: the newest 100 by default, at most 1,000. */
    static final int DEFAULT_EVENTS = 100;
    static final int MAX_EVENTS = 1000;

    private final CatalogAccess access;
    private final Rendered rendered;

    ReportApi(CatalogAccess access, Rendered rendered) {
        this.access = access;
        this.rendered = rendered;
    }

    /** {@code GET /sla[?image=NAME&target=24h]}. */
    void sla(Context ctx, Caller caller, Catalog catalog) throws CatalogException {
        String image = image(ctx, catalog);
        Duration target = Requests.duration(ctx, "target", "24h");
        ImageApi.json(ctx, SlaJson.render(SlaClocks.report(access.get().db(), image, target, catalog.now())));
    }

    /**
     * {@code GET /costs[?since=365d]}: the window starts on a whole minute, so the report can be reused until a
     * build is recorded or the minute turns.
     */
    void costs(Context ctx, Caller caller, Catalog catalog) throws BulwarkException {
        Instant from = catalog.now().minus(Requests.duration(ctx, "since", "365d")).truncatedTo(ChronoUnit.MINUTES);
        ImageApi.json(ctx, rendered.get("costs " + from, access.version(),
                () -> CostJson.report(CostReport.of(from, catalog.buildCosts(from)))));
    }

    /** {@code GET /feeds/releases.json}: JSON Feed 1.1. */
    void jsonFeed(Context ctx, Caller caller, Catalog catalog) throws BulwarkException {
        FeedRequest request = feed(ctx, catalog);
        int limit = limit(ctx);
        ctx.contentType("application/feed+json").result(rendered.get("feed.json " + request.image() + " " + limit,
                access.version(), () -> text(Feeds.jsonFeed(request, catalog.releases(request.image(), limit)))));
    }

    /** {@code GET /feeds/releases.atom}: Atom (RFC 4287). */
    void atomFeed(Context ctx, Caller caller, Catalog catalog) throws BulwarkException {
        FeedRequest request = feed(ctx, catalog);
        int limit = limit(ctx);
        ctx.contentType("application/atom+xml").result(rendered.get("feed.atom " + request.image() + " " + limit,
                access.version(), () -> text(Feeds.atom(request, catalog.releases(request.image(), limit)))));
    }

    /** {@code GET /images/{name}/events[?limit=N]}: what happened to the image, the newest N, oldest first. */
    void events(Context ctx, Caller caller, Catalog catalog) throws CatalogException {
        String name = ImageApi.find(catalog, ctx).name();
        int limit = Requests.integer(ctx, "limit", DEFAULT_EVENTS, 1, MAX_EVENTS);
        var events = catalog.events(name);
        ImageApi.json(ctx, ApiJson.events(name, events.subList(Math.max(0, events.size() - limit), events.size())));
    }

    /** The feed {@code catalog feed} writes without --base-url: titled the same, its ids seeded the same. */
    private static FeedRequest feed(Context ctx, Catalog catalog) throws CatalogException {
        String image = image(ctx, catalog);
        return new FeedRequest(image == null ? "Bulwark releases" : "Bulwark releases of " + image, image, null,
                catalog.location().display(), catalog.now());
    }

    private static int limit(Context ctx) {
        return Requests.integer(ctx, "limit", 50, 1, MAX_FEED);
    }

    private static String text(byte[] feed) {
        return new String(feed, StandardCharsets.UTF_8);
    }

    /** The {@code image} query parameter, which must name a catalogued image; null when absent. */
    private static String image(Context ctx, Catalog catalog) throws CatalogException {
        String image = ctx.queryParam("image");
        if (image == null) {
            return null;
        }
        return catalog.find(image).orElseThrow(() -> ApiError.notFound(ImageApi.noImage(image))).name();
    }
}
