package dev.bulwark.server.auth;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.server.ServerException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The API tokens kept in the catalog's {@code tokens} table. A token is {@code bwk_} and 32 random bytes in
 * base64url; only its SHA-256 is stored. A slow password hash is not needed: with 256 bits of randomness there is
 * no dictionary to try, so whoever reads the table still cannot find a token, and a fast hash keeps every request
 * cheap.
 */
public final class Tokens {
    public static final String PREFIX = "bwk_";
    private static final int SECRET_BYTES = 32;
    /** A name starts with a letter, so it can never be taken for an id. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,63}");
    private static final long TOUCH_INTERVAL_MS = 60_000;
    private static final String COLUMNS = "id, name, role, created_at, last_used_at, revoked_at, token_sha256";

    private final CatalogDatabase db;
    private final Clock clock;
    private final SecureRandom random;
    /** When each token's last use was last written, so a busy token costs one write a minute, not one a request. */
    private final Map<Long, Long> touched = new ConcurrentHashMap<>();
    /**
     * Writes the uses, one at a time, beside the requests: a read request never waits for the write lock (which a
     * worker may hold for as long as the busy timeout), and a use that cannot be written is tried on the next one.
     */
    private final ExecutorService uses = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bulwark-token-uses");
        t.setDaemon(true);
        return t;
    });

    public Tokens(CatalogDatabase db, Clock clock, SecureRandom random) {
        this.db = db;
        this.clock = clock;
        this.random = random;
    }

    /** Creates a token with {@code role}; {@code name} null picks {@code <role>-<n>}. */
    public IssuedToken create(Role role, String name) throws BulwarkException {
        if (name != null && !NAME.matcher(name).matches()) {
            throw new ServerException(Kind.BAD_INPUT, "cannot create token '" + name + "': a name is 1 to 64 letters, "
                    + "digits, '.', '_' or '-', starting with a letter");
        }
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        String hash = sha256(secret);
        long now = clock.millis();
        Token token = db.transaction("create a token", c -> {
            String chosen = name != null ? name : freeName(c, role);
            if (find(c, "name", chosen).isPresent()) {
                throw new CatalogException(Kind.BAD_INPUT, "cannot create token " + chosen + ": a token of that name "
                        + "exists; choose another --name, or revoke it first ('bulwark tokens list' shows them)");
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO tokens (name, role, token_sha256, created_at) "
                    + "VALUES (?, ?, ?, ?) RETURNING id")) {
                s.setString(1, chosen);
                s.setString(2, role.label());
                s.setString(3, hash);
                s.setLong(4, now);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    return new Token(rs.getLong(1), chosen, role, Instant.ofEpochMilli(now), null, null);
                }
            }
        });
        return new IssuedToken(token, secret);
    }

    /** Every token, revoked ones included, oldest first. */
    public List<Token> list() throws CatalogException {
        return db.read("list the tokens", c -> {
            List<Token> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM tokens ORDER BY id");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(token(rs));
                }
            }
            return out;
        });
    }

    /** Revokes the token named {@code nameOrId} (or with that id); revoking it again changes nothing. */
    public Token revoke(String nameOrId) throws BulwarkException {
        return db.transaction("revoke token " + nameOrId, c -> {
            // An id is a long; a longer run of digits names no token (a name starts with a letter).
            boolean id = !nameOrId.isEmpty() && nameOrId.length() <= 18 && nameOrId.chars().allMatch(Character::isDigit);
            Optional<Token> found = id ? find(c, "id", nameOrId) : find(c, "name", nameOrId);
            Token t = found.orElseThrow(() -> new CatalogException(Kind.BAD_INPUT, "cannot revoke token " + nameOrId
                    + ": there is no token of that name or id; 'bulwark tokens list' shows them"));
            if (t.revoked()) {
                return t;
            }
            long now = clock.millis();
            try (PreparedStatement s = c.prepareStatement("UPDATE tokens SET revoked_at = ? WHERE id = ?")) {
                s.setLong(1, now);
                s.setLong(2, t.id());
                s.executeUpdate();
            }
            return new Token(t.id(), t.name(), t.role(), t.createdAt(), t.lastUsedAt(), Instant.ofEpochMilli(now));
        });
    }

    /**
     * The live token whose secret is {@code secret}, recording its use. The lookup is by hash, so a guess learns
     * nothing from timing about any stored token; the final comparison is constant-time all the same.
     */
    public Optional<Token> authenticate(String secret) throws CatalogException {
        if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 100) {
            return Optional.empty();
        }
        String hash = sha256(secret);
        Optional<Token> found = db.read("check a token", c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM tokens WHERE token_sha256 = ?")) {
                s.setString(1, hash);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next() || !MessageDigest.isEqual(bytes(rs.getString(7)), bytes(hash))) {
                        return Optional.<Token>empty();
                    }
                    return Optional.of(token(rs));
                }
            }
        });
        if (found.isEmpty() || found.get().revoked()) {
            return Optional.empty();
        }
        touch(found.get());
        return found;
    }

    private void touch(Token t) {
        long now = clock.millis();
        Long last = touched.get(t.id());
        if (last != null && now - last < TOUCH_INTERVAL_MS) {
            return;
        }
        touched.put(t.id(), now);
        uses.execute(() -> {
            try {
                db.transaction("record the use of token " + t.name(), c -> {
                    try (PreparedStatement s = c.prepareStatement("UPDATE tokens SET last_used_at = ? WHERE id = ?")) {
                        s.setLong(1, now);
                        s.setLong(2, t.id());
                        return s.executeUpdate();
                    }
                });
            } catch (CatalogException e) {
                touched.remove(t.id(), now);   // "last used" is advisory: the next use tries again
            }
        });
    }

    private static String freeName(Connection c, Role role) throws SQLException {
        for (int n = 1; ; n++) {
            String candidate = role.label() + "-" + n;
            if (find(c, "name", candidate).isEmpty()) {
                return candidate;
            }
        }
    }

    private static Optional<Token> find(Connection c, String column, String value) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM tokens WHERE " + column + " = ?")) {
            if (column.equals("id")) {
                s.setLong(1, Long.parseLong(value));
            } else {
                s.setString(1, value);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(token(rs)) : Optional.empty();
            }
        }
    }

    private static Token token(ResultSet rs) throws SQLException {
        Role role;
        try {
            role = Role.parse(rs.getString(3));
        } catch (ServerException e) {
            throw new SQLException("token " + rs.getString(2) + " has an unknown role", e);
        }
        return new Token(rs.getLong(1), rs.getString(2), role, Instant.ofEpochMilli(rs.getLong(4)), instant(rs, 5),
                instant(rs, 6));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static String sha256(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes(secret)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
