package dev.bulwark.server.api;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.model.BuildSummary;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.server.compare.CompareException;
import dev.bulwark.server.compare.CompareJson;
import dev.bulwark.server.compare.ComparedSide;
import dev.bulwark.server.compare.Comparison;
import dev.bulwark.server.compare.Sides;
import dev.bulwark.server.reference.OutsideReferences;
import dev.bulwark.server.reference.ReferenceUnavailable;
import io.javalin.http.Context;
import java.util.Map;

/**
 * {@code GET /images/{name}/compare?with=…}: an image's build against another catalogued build or an allowed
 * reference ({@code with=ref:NAME}); and {@code GET /references}, the references allowed. A reference that cannot
 * be read is a 502 with the reason, one still being read a 503 to retry; neither shows anything that was read.
 */
final class CompareApi {
    private final OutsideReferences references;

    CompareApi(OutsideReferences references) {
        this.references = references;
    }

    void compare(Context ctx, Caller caller, Catalog catalog) throws CatalogException {
        String name = ImageApi.find(catalog, ctx).name();
        String with = ctx.queryParam("with");
        if (with == null || with.isBlank()) {
            throw ApiError.badRequest("cannot compare " + name + ": give ?with=IMAGE, IMAGE:BUILD or ref:NAME (GET "
                    + ApiServer.BASE + "/references lists the references)");
        }
        int number = Requests.buildNumber(ctx.queryParam("build"), "build", true);
        try {
            BuildSummary left = catalog.build(name, number);
            Comparison c = Comparison.of(ComparedSide.of(catalog, left), Sides.side(catalog, references, with.strip(),
                    left));
            ImageApi.json(ctx, CompareJson.comparison(c));
        } catch (CompareException e) {
            throw e.notFound() ? ApiError.notFound(e.getMessage()) : ApiError.badRequest(e.getMessage());
        } catch (ReferenceUnavailable e) {
            throw e.pending() ? new ApiError(503, e.getMessage(), Map.of("Retry-After", "5"))
                    : new ApiError(502, e.getMessage());
        }
    }

    void list(Context ctx, Caller caller, Catalog catalog) {
        ImageApi.json(ctx, CompareJson.references(references.allowed()));
    }
}
