package dev.bulwark.server.dashboard;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.server.auth.Role;
import dev.bulwark.server.auth.Token;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dashboard logins. A token typed into the login form is checked once; the browser then holds only a random session
 * id in an HttpOnly, SameSite=Strict cookie (Secure when served or proxied over HTTPS), and the server keeps the token's id and role, never
 * its secret. Each request checks that the token is still not revoked. Every form that changes something carries
 * the session's CSRF token, compared in constant time.
 */
final class Sessions {
    static final String COOKIE = "bulwark_session";
    static final Duration LIFETIME = Duration.ofHours(12);
    private static final int MAX_SESSIONS = 10_000;
    /**
     * Sessions one token may hold; its next login ends its own oldest, so logging in again and again with one token
     * cannot push other users' sessions out of the {@link #MAX_SESSIONS} kept.
     */
    private static final int MAX_SESSIONS_PER_TOKEN = 20;

    /** One logged-in browser. */
    record Session(String id, long tokenId, String tokenName, Role role, String csrf, long expiresAt) {
    }

    private final DashboardCatalog catalog;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final boolean secure;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    Sessions(DashboardCatalog catalog, Clock clock, boolean secure) {
        this.catalog = catalog;
        this.clock = clock;
        this.secure = secure;
    }

    /** Logs in with a token's secret: a new session and its cookie; empty when the token is not valid. */
    Optional<Session> login(Context ctx, String secret) throws CatalogException {
        Optional<Token> token = catalog.get().tokens().authenticate(secret == null ? null : secret.strip());
        if (token.isEmpty()) {
            return Optional.empty();
        }
        long now = clock.millis();
        Token t = token.get();
        sessions.values().removeIf(s -> s.expiresAt() <= now);
        List<Session> own = sessions.values().stream().filter(s -> s.tokenId() == t.id())
                .sorted(Comparator.comparingLong(Session::expiresAt)).toList();
        own.stream().limit(Math.max(0, own.size() - MAX_SESSIONS_PER_TOKEN + 1)).forEach(s -> sessions.remove(s.id()));
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().stream().min(Comparator.comparingLong(Session::expiresAt))
                    .ifPresent(s -> sessions.remove(s.id()));
        }
        Session s = new Session(randomId(), t.id(), t.name(), t.role(), randomId(), now + LIFETIME.toMillis());
        sessions.put(s.id(), s);
        ctx.cookie(cookie(s.id(), (int) LIFETIME.toSeconds()));
        return Optional.of(s);
    }

    /** The request's session, when its cookie names a live one whose token is not revoked. */
    Optional<Session> current(Context ctx) throws CatalogException {
        String id = ctx.cookie(COOKIE);
        Session s = id == null ? null : sessions.get(id);
        if (s == null) {
            return Optional.empty();
        }
        if (s.expiresAt() <= clock.millis() || revoked(s.tokenId())) {
            sessions.remove(s.id());
            return Optional.empty();
        }
        return Optional.of(s);
    }

    void logout(Context ctx, Session s) {
        sessions.remove(s.id());
        ctx.cookie(cookie("", 0));
    }

    /** Whether the form's CSRF field is this session's token. */
    static boolean csrfMatches(Session s, String given) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.US_ASCII),
                s.csrf().getBytes(StandardCharsets.US_ASCII));
    }

    private boolean revoked(long tokenId) throws CatalogException {
        return catalog.get().db().read("check a dashboard session's token", c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT revoked_at FROM tokens WHERE id = ?")) {
                st.setLong(1, tokenId);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        return true;
                    }
                    rs.getLong(1);
                    return !rs.wasNull();
                }
            }
        });
    }

    private Cookie cookie(String value, int maxAge) {
        return new Cookie(COOKIE, value, "/", maxAge, secure, true, null, SameSite.STRICT);
    }

    private String randomId() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
