package dev.bulwark.server.api;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.server.auth.RateLimiter;
import dev.bulwark.server.auth.Role;
import dev.bulwark.server.auth.Token;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Who may do what: a bearer token (or anonymous reads, when allowed), its role, and its rate. A caller without a
 * valid token is rate-limited by address, so guessing tokens is slowed as well.
 */
final class Access {
    private static final String REALM = "Bearer realm=\"bulwark\"";

    private final CatalogAccess catalog;
    private final RateLimiter limiter;
    private final boolean anonymousRead;

    Access(CatalogAccess catalog, RateLimiter limiter, boolean anonymousRead) {
        this.catalog = catalog;
        this.limiter = limiter;
        this.anonymousRead = anonymousRead;
    }

    /** The caller, when it may do what needs {@code needed}; else the 401, 403 or 429 to answer. */
    Caller admit(Context ctx, Role needed) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            if (anonymousRead && needed == Role.READ) {
                Caller anonymous = new Caller("anonymous", Role.READ, "address " + ctx.ip());
                limit(anonymous);
                return anonymous;
            }
            throw unauthorized(ctx, "no token given: send 'Authorization: Bearer TOKEN' ('bulwark tokens create' "
                    + "makes one)", REALM);
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized(ctx, "the Authorization header is not 'Bearer TOKEN'", REALM + ", error=\"invalid_request\"");
        }
        Optional<Token> token;
        try {
            token = catalog.get().tokens().authenticate(header.substring(7).strip());
        } catch (CatalogException e) {
            throw catalog.unavailable(e);
        }
        if (token.isEmpty()) {
            throw unauthorized(ctx, "the token is not valid: unknown or revoked", REALM + ", error=\"invalid_token\"");
        }
        Token t = token.get();
        Caller caller = new Caller(t.name(), t.role(), "token " + t.id());
        limit(caller);
        if (!t.role().includes(needed)) {
            throw new ApiError(403, "token " + t.name() + " has role " + t.role().label() + "; this needs "
                    + needed.label() + " (or a role above it)");
        }
        return caller;
    }

    private ApiError unauthorized(Context ctx, String message, String challenge) {
        limit(new Caller("unauthenticated", Role.READ, "address " + ctx.ip()));
        return new ApiError(401, message, Map.of("WWW-Authenticate", challenge));
    }

    private void limit(Caller caller) {
        long wait = limiter.acquire(caller.rateKey());
        if (wait > 0) {
            throw new ApiError(429, String.format(Locale.ROOT, "too many requests from %s; retry in %d s",
                    caller.name(), wait), Map.of("Retry-After", Long.toString(wait)));
        }
    }
}
