package dev.bulwark.catalog.db;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.core.BulwarkException.Kind;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where the catalog lives: an SQLite file (the default, one per user) or a PostgreSQL database shared by several
 * machines. Parsed from {@code --catalog PATH|URL}: {@code jdbc:postgresql://…} and {@code postgresql://…} (also
 * {@code postgres://}) name PostgreSQL, {@code jdbc:sqlite:FILE} or anything else a file.
 */
public sealed interface CatalogLocation {

    /** How the location is shown to a user: never with a password. */
    String display();

    /** An SQLite database file. */
    record SqliteFile(Path file) implements CatalogLocation {
        public SqliteFile {
            file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
        }

        @Override
        public String display() {
            return file.toString();
        }
    }

    /**
     * A PostgreSQL database: a JDBC URL without credentials, and the user and password (either may be null, then
     * the driver's defaults and {@code PGPASSWORD}-style server settings apply).
     */
    record Postgres(String jdbcUrl, String user, String password) implements CatalogLocation {
        public Postgres {
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            if (!jdbcUrl.startsWith("jdbc:postgresql://")) {
                throw new IllegalArgumentException("not a PostgreSQL JDBC URL: " + jdbcUrl);
            }
        }

        @Override
        public String display() {
            return jdbcUrl.replaceAll("(?i)([?&]password=)[^&]*", "$1***");
        }

        @Override
        public String toString() {
            return "Postgres[" + display() + (user == null ? "" : ", user " + user) + "]";
        }
    }

    /** Parses a {@code --catalog} value. */
    static CatalogLocation parse(String value) throws CatalogException {
        if (value == null || value.isBlank()) {
            throw new CatalogException(Kind.BAD_INPUT, "cannot open the catalog: the location is empty; give a file "
                    + "path or a postgresql:// URL");
        }
        if (value.startsWith("jdbc:postgresql:")) {
            if (!value.startsWith("jdbc:postgresql://")) {
                throw bad(value, "expected jdbc:postgresql://HOST[:PORT]/DATABASE");
            }
            return new Postgres(value, null, null);
        }
        if (value.startsWith("postgresql://") || value.startsWith("postgres://")) {
            return fromUri(value);
        }
        if (value.startsWith("jdbc:sqlite:")) {
            return new SqliteFile(Path.of(value.substring("jdbc:sqlite:".length())));
        }
        if (value.startsWith("jdbc:")) {
            throw bad(value, "only SQLite files and PostgreSQL (jdbc:postgresql://… or postgresql://…) are supported");
        }
        return new SqliteFile(Path.of(value));
    }

    /**
     * The per-user default: {@code BULWARK_CATALOG}, else {@code $XDG_DATA_HOME/bulwark/catalog.db}, else
     * {@code ~/.local/share/bulwark/catalog.db}.
     */
    static CatalogLocation defaultFor(Map<String, String> env, Path home) throws CatalogException {
        String fromEnv = env.get("BULWARK_CATALOG");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return parse(fromEnv);
        }
        return new SqliteFile(dataDir(env, home).resolve("catalog.db"));
    }

    /** Bulwark's per-user data directory: {@code $XDG_DATA_HOME/bulwark}, else {@code ~/.local/share/bulwark}. */
    static Path dataDir(Map<String, String> env, Path home) {
        String xdg = env.get("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : home.resolve(".local").resolve("share");
        return base.resolve("bulwark").toAbsolutePath();
    }

    /** {@code postgresql://[user[:password]@]host[:port][/database][?params]} → a JDBC URL plus credentials. */
    private static Postgres fromUri(String value) throws CatalogException {
        URI uri;
        try {
            uri = new URI(value);
        } catch (java.net.URISyntaxException e) {
            throw bad(value, e.getReason());
        }
        if (uri.getHost() == null) {
            throw bad(value, "expected postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DATABASE");
        }
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]" : uri.getHost();
        String jdbc = "jdbc:postgresql://" + host + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new Postgres(jdbc, user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static CatalogException bad(String value, String why) {
        String shown = value.replaceAll("//([^:/@]*):[^@/]*@", "//$1:***@");
        return new CatalogException(Kind.BAD_INPUT, "cannot open catalog " + shown + ": " + why);
    }
}
