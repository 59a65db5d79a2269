package dev.bulwark.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.json.CatalogJson;
import dev.bulwark.catalog.model.BuildSummary;
import dev.bulwark.catalog.model.CatalogImage;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.server.rebuild.RebuildRequest;
import io.javalin.http.Context;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The handlers of {@code /api/v1}: each reads the catalog through its query classes and answers with the same JSON
 * view {@code bulwark catalog … --format json} prints, so the API and the CLI agree.
 */
final class ImageApi {
    private static final int MAX_REASON = 500;

    private final CatalogAccess access;
    private final long maxBodyBytes;
    /** GET /images as last rendered, with the catalog version it shows. */
    private final AtomicReference<RenderedList> imageList = new AtomicReference<>();

    private record RenderedList(String version, String json) {
    }

    ImageApi(CatalogAccess access, long maxBodyBytes) {
        this.access = access;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** What a handler does once the caller is admitted; catalog failures become 404 or 503. */
    @FunctionalInterface
    interface Action {
        void run(Context ctx, Caller caller, Catalog catalog) throws BulwarkException;
    }

    /**
     * Runs a handler: the catalog refusing bad input (an image or build it does not have) is a 404, the catalog
     * failing is a 503, other bad input a 400.
     */
    void run(Action action, Context ctx, Caller caller) {
        try {
            action.run(ctx, caller, access.get().catalog());
        } catch (CatalogException e) {
            if (e.kind() == Kind.BAD_INPUT) {
                throw ApiError.notFound(e.getMessage());
            }
            throw access.unavailable(e);
        } catch (BulwarkException e) {
            throw ApiError.badRequest(e.getMessage());
        }
    }

    void images(Context ctx, Caller caller, Catalog catalog) throws CatalogException {
        // The fingerprint is read before the list, so a write in between only makes the next request render again.
        String version = access.get().db().read("check the catalog for changes", CatalogVersion::of);
        RenderedList cached = imageList.get();
        if (cached == null || !cached.version().equals(version)) {
            cached = new RenderedList(version, CatalogJson.images(catalog.images()));
            imageList.set(cached);
        }
        json(ctx, cached.json());
    }

    void image(Context ctx, Caller caller, Catalog catalog) throws CatalogException {
        json(ctx, CatalogJson.image(find(catalog, ctx)));
    }

    void builds(Context ctx, Caller caller, Catalog catalog) throws CatalogException {
        String name = find(catalog, ctx).name();
        json(ctx, CatalogJson.history(name, catalog.builds(name), catalog.publications(name)));
    }

    void packages(Context ctx, Caller caller, Catalog catalog) throws CatalogException {
        String name = find(catalog, ctx).name();
        int number = Requests.buildNumber(ctx.queryParam("build"), "build", true);
        String arch = ctx.queryParam("arch");
        BuildSummary summary = catalog.build(name, number);
        json(ctx, CatalogJson.packages(summary, catalog.packages(name, summary.number()).stream()
                .filter(p -> arch == null || p.arch().equals(arch)).toList()));
    }

    void diff(Context ctx, Caller caller, Catalog catalog) throws CatalogException {
        String name = find(catalog, ctx).name();
        String a = ctx.queryParam("a");
        if (a == null) {
            throw ApiError.badRequest("cannot compare builds of " + name + ": give ?a=BUILD (and b=BUILD, default "
                    + "latest)");
        }
        json(ctx, CatalogJson.diff(catalog.diff(name, Requests.buildNumber(a, "a", false),
                Requests.buildNumber(ctx.queryParam("b"), "b", true))));
    }

    void users(Context ctx, Caller caller, Catalog catalog) throws CatalogException {
        String name = ctx.pathParam("name");
        String version = ctx.queryParam("version");
        String all = ctx.queryParam("allBuilds");
        if (all != null && !all.equals("true") && !all.equals("false")) {
            throw ApiError.badRequest("cannot read allBuilds=" + all + ": give true or false");
        }
        if (version != null && version.isBlank()) {
            throw ApiError.badRequest("cannot look up " + name + ": version is empty");
        }
        json(ctx, CatalogJson.whoUses(version == null ? name : name + "=" + version,
                catalog.whoUses(name, version, "true".equals(all))));
    }

    void rebuild(Context ctx, Caller caller, Catalog catalog) throws CatalogException {
        String name = ctx.pathParam("name");
        String reason = reason(Requests.body(ctx, maxBodyBytes));
        Optional<RebuildRequest> r = access.get().rebuilds().enqueue(name, reason, caller.name());
        RebuildRequest request = r.orElseThrow(() -> ApiError.notFound(noImage(name)));
        ctx.status(202).header("Location", "/api/v1/rebuilds/" + request.id());
        json(ctx, ApiJson.rebuild(request));
    }

    void rebuildStatus(Context ctx, Caller caller, Catalog catalog) throws CatalogException {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("cannot read rebuild request '" + ctx.pathParam("id") + "': ids are numbers");
        }
        json(ctx, ApiJson.rebuild(access.get().rebuilds().get(id)
                .orElseThrow(() -> ApiError.notFound("there is no rebuild request " + id))));
    }

    void health(Context ctx, Caller caller, Catalog catalog) throws CatalogException {
        access.get().db().read("check the catalog", c -> c.isValid(5));
        json(ctx, ApiJson.health("ok"));
    }

    static void json(Context ctx, String body) {
        ctx.contentType("application/json").result(body);
    }

    static CatalogImage find(Catalog catalog, Context ctx) throws CatalogException {
        String name = ctx.pathParam("name");
        return catalog.find(name).orElseThrow(() -> ApiError.notFound(noImage(name)));
    }

    static String noImage(String name) {
        return "image " + name + " is not catalogued; GET /api/v1/images lists the images that are";
    }

    /** {@code {"reason": "…"}}, or an empty body for the default reason; any other field is refused. */
    private static String reason(String body) {
        if (body.isBlank()) {
            return "requested through the API";
        }
        JsonNode n = ApiJson.parse(body);
        if (n == null || !n.isObject()) {
            throw ApiError.badRequest("cannot read the request body: it is not a JSON object; send {\"reason\": \"…\"} "
                    + "or nothing");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!field.equals("reason")) {
                throw ApiError.badRequest("cannot read the request body: unknown field '" + field + "'; only reason "
                        + "is accepted");
            }
        }
        JsonNode reason = n.get("reason");
        if (reason == null) {
            return "requested through the API";
        }
        if (!reason.isTextual() || reason.asText().isBlank() || reason.asText().length() > MAX_REASON) {
            throw ApiError.badRequest("cannot read the request body: reason is a non-empty string of at most "
                    + MAX_REASON + " characters");
        }
        return reason.asText();
    }
}
