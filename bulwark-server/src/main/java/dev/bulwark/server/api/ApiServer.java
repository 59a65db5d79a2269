package dev.bulwark.server.api;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.server.auth.RateLimiter;
import dev.bulwark.server.auth.Role;
import dev.bulwark.server.reference.OutsideReferences;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The routes of {@code /api/v1}, who may call each, and how failures are answered: every error is
 * {@code {"error": "…", "status": N}}, as {@code openapi.yaml} describes.
 */
public final class ApiServer {
    public static final String BASE = "/api/v1";
    /** The OpenAPI document, a resource of this module; the tests hold the server to it. */
    public static final String OPENAPI_RESOURCE = "openapi.yaml";

    private final CatalogAccess catalog;
    private final Access access;
    private final ImageApi api;
    private final VulnerabilityApi vulnerabilities;
    private final ReportApi reports;
    private final AdminApi admin;
    private final CompareApi compare;
    private final byte[] openapi;
    private final PrintStream log;

    private ApiServer(CatalogAccess catalog, RateLimiter limiter, boolean anonymousRead, long maxBodyBytes,
            Clock clock, OutsideReferences references, PrintStream log) {
        this.catalog = catalog;
        this.access = new Access(catalog, limiter, anonymousRead);
        this.api = new ImageApi(catalog, maxBodyBytes);
        Rendered rendered = new Rendered();
        this.vulnerabilities = new VulnerabilityApi(catalog, rendered);
        this.reports = new ReportApi(catalog, rendered);
        this.admin = new AdminApi(catalog, maxBodyBytes, clock, log);
        this.compare = new CompareApi(references);
        this.openapi = openapiDocument();
        this.log = log;
    }

    /**
     * The API over the catalog at {@code location}, comparing with the allowed {@code references}; the catalog is
     * opened on first use (see {@link #openCatalog}).
     */
    public static ApiServer create(CatalogLocation location, Duration busyTimeout, Clock clock, RateLimiter limiter,
            boolean anonymousRead, long maxBodyBytes, OutsideReferences references, PrintStream log) {
        return new ApiServer(new CatalogAccess(location, busyTimeout, clock, log), limiter, anonymousRead, maxBodyBytes,
                clock, references, log);
    }

    /** Opens the catalog now, so a server can report a bad catalog before it serves. */
    public void openCatalog() throws CatalogException {
        catalog.open();
    }

    /**
     * Registers the routes and error handlers on a Javalin configuration. Errors are answered as JSON for every
     * path the server has, so routes registered beside these (the dashboard's) get the same treatment.
     */
    public void configure(JavalinConfig config) {
        config.http.prefer405over404 = true;
        config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrors()));
        RoutesConfig r = config.routes;
        route(r, HandlerType.GET, "/health", null, api::health);
        r.get(BASE + "/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(openapi));
        imageRoutes(r);
        fleetRoutes(r);
        adminRoutes(r);
        r.exception(ApiError.class, (e, ctx) -> answer(ctx, e.status(), e.getMessage(), e.headers()));
        r.exception(HttpResponseException.class, (e, ctx) -> answer(ctx, e.getStatus(), javalinMessage(ctx, e),
                allowed(e)));
        r.exception(Exception.class, (e, ctx) -> {
            log.println("bulwark serve: " + ctx.method() + " " + ctx.path() + " failed: " + e);
            log.flush();
            answer(ctx, 500, "the server failed to answer; its log says why", Map.of());
        });
        r.error(404, ctx -> {
            if (ctx.result() == null) {
                answer(ctx, 404, noRoute(ctx), Map.of());
            }
        });
        r.error(405, ctx -> {
            if (ctx.result() == null) {
                answer(ctx, 405, ctx.method() + " is not allowed on " + ctx.path(), Map.of());
            }
        });
    }

    private void imageRoutes(RoutesConfig r) {
        route(r, HandlerType.GET, "/images", Role.READ, api::images);
        route(r, HandlerType.GET, "/images/{name}", Role.READ, api::image);
        route(r, HandlerType.GET, "/images/{name}/builds", Role.READ, api::builds);
        route(r, HandlerType.GET, "/images/{name}/packages", Role.READ, api::packages);
        route(r, HandlerType.GET, "/images/{name}/diff", Role.READ, api::diff);
        route(r, HandlerType.GET, "/images/{name}/compare", Role.READ, compare::compare);
        route(r, HandlerType.GET, "/references", Role.READ, compare::list);
        route(r, HandlerType.GET, "/images/{name}/vulnerabilities", Role.READ, vulnerabilities::ofImage);
        route(r, HandlerType.GET, "/images/{name}/events", Role.READ, reports::events);
        route(r, HandlerType.POST, "/images/{name}/rebuild", Role.BUILD, api::rebuild);
        route(r, HandlerType.GET, "/rebuilds/{id}", Role.READ, api::rebuildStatus);
        route(r, HandlerType.GET, "/packages/{name}/users", Role.READ, api::users);
    }

    private void fleetRoutes(RoutesConfig r) {
        route(r, HandlerType.GET, "/vulnerabilities", Role.READ, vulnerabilities::fleet);
        route(r, HandlerType.GET, "/vulnerabilities/{id}", Role.READ, vulnerabilities::one);
        route(r, HandlerType.GET, "/sla", Role.READ, reports::sla);
        route(r, HandlerType.GET, "/costs", Role.READ, reports::costs);
        route(r, HandlerType.GET, "/feeds/releases.json", Role.READ, reports::jsonFeed);
        route(r, HandlerType.GET, "/feeds/releases.atom", Role.READ, reports::atomFeed);
    }

    private void adminRoutes(RoutesConfig r) {
        route(r, HandlerType.GET, "/tokens", Role.ADMIN, admin::tokens);
        route(r, HandlerType.POST, "/tokens", Role.ADMIN, admin::createToken);
        route(r, HandlerType.DELETE, "/tokens/{ref}", Role.ADMIN, admin::revokeToken);
        route(r, HandlerType.GET, "/webhooks", Role.ADMIN, admin::webhooks);
        route(r, HandlerType.POST, "/webhooks", Role.ADMIN, admin::addWebhook);
        route(r, HandlerType.DELETE, "/webhooks/{ref}", Role.ADMIN, admin::removeWebhook);
        route(r, HandlerType.POST, "/webhooks/{ref}/test", Role.ADMIN, admin::testWebhook);
    }

    private void route(RoutesConfig r, HandlerType method, String path, Role needed, ImageApi.Action action) {
        r.addHttpHandler(method, BASE + path, ctx -> {
            Caller caller = needed == null ? null : access.admit(ctx, needed);
            api.run(action, ctx, caller);
        });
    }

    private static void answer(Context ctx, int status, String message, Map<String, String> headers) {
        headers.forEach(ctx::header);
        ctx.status(status).contentType("application/json").result(ApiJson.error(status, message));
    }

    private static String javalinMessage(Context ctx, HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> noRoute(ctx);
            case 405 -> ctx.method() + " is not allowed on " + ctx.path() + allowed(e).values().stream()
                    .map(m -> " (it takes " + m + ")").findFirst().orElse("");
            case 413 -> "the request body is too large";
            default -> e.getMessage();
        };
    }

    /** The methods a path takes, as Javalin lists them for a 405, as an {@code Allow} header. */
    private static Map<String, String> allowed(HttpResponseException e) {
        String methods = e.getStatus() != 405 ? null : e.getDetails().getOrDefault("availableMethods",
                e.getDetails().get("Available methods"));
        return methods == null || methods.isBlank() ? Map.of() : Map.of("Allow", methods);
    }

    private static String noRoute(Context ctx) {
        return "there is no " + ctx.method() + " " + ctx.path() + "; GET " + BASE + "/openapi.yaml describes the API";
    }

    private static byte[] openapiDocument() {
        try (InputStream in = ApiServer.class.getClassLoader().getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the build lost " + OPENAPI_RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
