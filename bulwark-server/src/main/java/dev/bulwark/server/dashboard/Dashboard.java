package dev.bulwark.server.dashboard;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.oci.OciException;
import dev.bulwark.oci.transport.RegistryOptions;
import dev.bulwark.server.auth.RateLimiter;
import dev.bulwark.server.auth.Role;
import dev.bulwark.server.reference.OutsideReferences;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard under {@code /ui}, served by {@code bulwark serve} beside the API: the fleet, each image, a
 * comparison, evidence downloads. A browser logs in once with a token (see {@link Sessions}); pages are plain
 * HTML with one stylesheet and an inline SVG chart, no script, nothing fetched from elsewhere.
 */
public final class Dashboard {
    public static final String BASE = "/ui";
    /** Everything comes from this server; no script runs at all; no other site may frame the pages. */
    private static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    /** What a page handler does for a logged-in session. */
    @FunctionalInterface
    interface Page {
        void render(Context ctx, Sessions.Session session) throws Exception;
    }

    private final DashboardCatalog catalog;
    private final Sessions sessions;
    private final Pages pages = new Pages();
    private final RateLimiter limiter;
    private final PrintStream log;
    private final FleetView fleet;
    private final ImageView image;
    private final CompareView compare;

    private Dashboard(DashboardCatalog catalog, RegistryOptions registry, OutsideReferences references,
            RateLimiter limiter, boolean secureCookies, PrintStream log) {
        this.catalog = catalog;
        this.sessions = new Sessions(catalog, catalog.clock(), secureCookies);
        this.limiter = limiter;
        this.log = log;
        this.fleet = new FleetView(catalog, pages);
        this.image = new ImageView(catalog, pages, new EvidenceStore(registry));
        this.compare = new CompareView(catalog, pages, references);
    }

    /**
     * The dashboard over the catalog at {@code location}, reading evidence with {@code registry}'s options and
     * comparing with the allowed {@code references}; its session cookie is marked Secure when {@code secureCookies}.
     */
    public static Dashboard create(CatalogLocation location, Duration busyTimeout, Clock clock, RegistryOptions registry,
            OutsideReferences references, RateLimiter limiter, boolean secureCookies, PrintStream log) {
        return new Dashboard(new DashboardCatalog(location, busyTimeout, clock, log), registry, references, limiter,
                secureCookies, log);
    }

    /** Registers the dashboard's routes. */
    public void register(RoutesConfig r) {
        r.before(BASE + "/*", Dashboard::secure);
        r.before(BASE, Dashboard::secure);
        r.get("/", ctx -> ctx.redirect(BASE, HttpStatus.SEE_OTHER));
        r.get(BASE + "/static/dashboard.css", ctx -> ctx.contentType("text/css; charset=utf-8").result(pages.css()));
        r.get(BASE + "/login", ctx -> guarded(ctx, () -> {
            if (sessions.current(ctx).isPresent()) {
                ctx.redirect(BASE, HttpStatus.SEE_OTHER);
            } else {
                loginForm(ctx, null, 200);
            }
        }));
        r.post(BASE + "/login", ctx -> guarded(ctx, () -> login(ctx)));
        r.post(BASE + "/logout", ctx -> page(ctx, null, (c, s) -> {
            sessions.logout(c, s);
            c.redirect(BASE + "/login", HttpStatus.SEE_OTHER);
        }, true));
        r.get(BASE, ctx -> page(ctx, null, fleet::render, false));
        r.get(BASE + "/images/{name}", ctx -> page(ctx, null, (c, s) -> image.render(c, s, "overview"), false));
        for (String tab : new String[] {"packages", "vulnerabilities", "evidence"}) {
            r.get(BASE + "/images/{name}/" + tab, ctx -> page(ctx, null, (c, s) -> image.render(c, s, tab), false));
        }
        r.get(BASE + "/images/{name}/builds/{number}/evidence/{kind}", ctx -> page(ctx, null, image::download, false));
        r.post(BASE + "/images/{name}/rebuild", ctx -> page(ctx, Role.BUILD, image::rebuild, true));
        r.get(BASE + "/compare", ctx -> page(ctx, null, compare::render, false));
    }

    private static void secure(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
    }

    /** Runs a page for a logged-in session (with {@code needed} role, and a matching CSRF token for a POST). */
    private void page(Context ctx, Role needed, Page page, boolean post) {
        guarded(ctx, () -> {
            Optional<Sessions.Session> s = sessions.current(ctx);
            if (s.isEmpty()) {
                if (post) {
                    error(ctx, null, 401, "Not logged in", "Your session ended; log in again.");
                } else {
                    ctx.redirect(BASE + "/login", HttpStatus.SEE_OTHER);
                }
                return;
            }
            if (post && !formEncoded(ctx)) {
                unsupportedForm(ctx, s.get());
                return;
            }
            if (post && (!sameOrigin(ctx) || !Sessions.csrfMatches(s.get(), ctx.formParam("csrf")))) {
                error(ctx, s.get(), 403, "Refused", "The form did not come from this dashboard (CSRF check failed); "
                        + "reload the page and try again.");
                return;
            }
            if (needed != null && !s.get().role().includes(needed)) {
                error(ctx, s.get(), 403, "Not allowed", "Token " + s.get().tokenName() + " has role "
                        + s.get().role().label() + "; this needs " + needed.label() + ".");
                return;
            }
            page.render(ctx, s.get());
        });
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    /** Answers every failure with a page: 404 for what the catalog does not have, 503 when it cannot be read. */
    private void guarded(Context ctx, Work work) {
        try {
            work.run();
        } catch (NotFound e) {
            error(ctx, null, 404, "Not found", e.getMessage());
        } catch (CatalogException e) {
            if (e.kind() == Kind.BAD_INPUT) {
                error(ctx, null, 404, "Not found", e.getMessage());
            } else {
                catalog.unavailable(e);
                error(ctx, null, 503, "Catalog unavailable", "The catalog cannot be read just now; the server log "
                        + "says why. Try again shortly.");
            }
        } catch (DashboardCatalog.Unavailable e) {
            error(ctx, null, 503, "Catalog unavailable", "The catalog cannot be read just now; the server log says "
                    + "why. Try again shortly.");
        } catch (OciException e) {
            error(ctx, null, 502, "Evidence unavailable", e.getMessage());
        } catch (HttpResponseException e) {
            // Javalin's own answers keep their status: a form over the request size limit is a 413, not a failure.
            error(ctx, null, e.getStatus(), "Refused", e.getMessage());
        } catch (Exception e) {
            log.println("bulwark serve: " + ctx.method() + " " + ctx.path() + " failed: " + e);
            log.flush();
            error(ctx, null, 500, "Failed", "The dashboard failed to answer; the server log says why.");
        }
    }

    /**
     * Whether a POST is URL-encoded, as every dashboard form is. Any other body is refused before a field is read: for
     * multipart, Javalin would spool parts of any size to the temp directory, past the server's request size limit.
     */
    private static boolean formEncoded(Context ctx) {
        String type = ctx.header("Content-Type");
        return type != null && type.strip().toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private void unsupportedForm(Context ctx, Sessions.Session s) {
        error(ctx, s, 415, "Unsupported form", "Dashboard forms are sent URL-encoded "
                + "(application/x-www-form-urlencoded); submit the form from the dashboard page.");
    }

    private void login(Context ctx) throws CatalogException {
        if (!formEncoded(ctx)) {
            unsupportedForm(ctx, null);
            return;
        }
        if (!sameOrigin(ctx)) {
            error(ctx, null, 403, "Refused", "The login form did not come from this dashboard.");
            return;
        }
        long wait = limiter.acquire("dashboard login " + ctx.ip());
        if (wait > 0) {
            ctx.header("Retry-After", Long.toString(wait));
            loginForm(ctx, "Too many attempts; wait " + wait + " s.", 429);
            return;
        }
        if (sessions.login(ctx, ctx.formParam("token")).isEmpty()) {
            loginForm(ctx, "That token is not valid: unknown or revoked.", 401);
            return;
        }
        ctx.redirect(BASE, HttpStatus.SEE_OTHER);
    }

    private void loginForm(Context ctx, String error, int status) {
        Map<String, Object> scope = scope(null, "Log in");
        scope.put("error", error);
        ctx.status(status).html(pages.render("login", scope));
    }

    private void error(Context ctx, Sessions.Session s, int status, String heading, String message) {
        Map<String, Object> scope = scope(s, heading);
        scope.put("heading", heading);
        scope.put("message", message);
        ctx.status(status).html(pages.render("error", scope));
    }

    /** What every page shows: title, the session (for the header), when and from which catalog it was rendered. */
    Map<String, Object> scope(Sessions.Session s, String title) {
        return baseScope(catalog, s, title);
    }

    static Map<String, Object> baseScope(DashboardCatalog catalog, Sessions.Session s, String title) {
        Map<String, Object> scope = new HashMap<>();
        scope.put("title", title);
        if (s != null) {
            scope.put("session", Map.of("tokenName", s.tokenName(), "role", s.role().label(), "csrf", s.csrf()));
        }
        scope.put("renderedAt", Format.time(catalog.clock().millis()));
        scope.put("catalogName", catalog.display());
        return scope;
    }

    /**
     * A form POST comes from this dashboard: its Origin (or, without one, its Referer) names this host. With
     * SameSite=Strict cookies and the CSRF field this is the third lock on the door.
     */
    private static boolean sameOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || origin.equals("null")) {
            origin = ctx.header("Referer");
        }
        if (origin == null) {
            return true;
        }
        String host = ctx.header("Host");
        try {
            URI u = URI.create(origin);
            return host != null && u.getRawAuthority() != null && u.getRawAuthority().equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A page for something the catalog does not hold. */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }
}
