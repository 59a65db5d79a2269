package dev.bulwark.cli;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogLocation;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.core.BulwarkException.Kind;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --catalog PATH|URL}, shared by every {@code catalog} verb. */
final class CatalogOptions {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    @Option(names = "--catalog", paramLabel = "PATH|URL",
            description = {"The catalog: an SQLite file, or PostgreSQL as jdbc:postgresql://HOST[:PORT]/DB or "
                    + "postgresql://[USER[:PASSWORD]@]HOST[:PORT]/DB.",
                    "Default: BULWARK_CATALOG, else $XDG_DATA_HOME/bulwark/catalog.db, else ~/.local/share/bulwark/catalog.db."})
    String catalog;

    Catalog open() throws CatalogException {
        return Catalog.open(location(), timeout(), Clock.systemUTC());
    }

    /** The catalog's location: {@code --catalog}, else the per-user default. */
    CatalogLocation location() throws CatalogException {
        return catalog != null ? CatalogLocation.parse(catalog) : CatalogLocation.defaultFor(System.getenv(), home());
    }

    static Duration timeout() throws CatalogException {
        return timeout(System.getenv());
    }

    /** The user's home as the shell has it ({@code HOME}), else the JVM's idea of it. */
    static Path home() {
        String home = System.getenv("HOME");
        return home != null && !home.isBlank() && Path.of(home).isAbsolute() ? Path.of(home)
                : Path.of(System.getProperty("user.home"));
    }

    /** How long to wait for another writer: BULWARK_CATALOG_TIMEOUT seconds, else 10 s. */
    private static Duration timeout(Map<String, String> env) throws CatalogException {
        String value = env.get("BULWARK_CATALOG_TIMEOUT");
        if (value == null || value.isBlank()) {
            return DEFAULT_TIMEOUT;
        }
        try {
            double seconds = Double.parseDouble(value.trim());
            if (!(seconds >= 0 && seconds <= 86_400)) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(Math.round(seconds * 1000));
        } catch (NumberFormatException e) {
            throw new CatalogException(Kind.BAD_INPUT, "cannot use BULWARK_CATALOG_TIMEOUT='" + value + "': give the "
                    + "seconds to wait for a locked catalog (0 to 86400)");
        }
    }
}
