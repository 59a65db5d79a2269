package dev.bulwark.cli;

import dev.bulwark.catalog.json.CatalogJson;
import dev.bulwark.catalog.model.PackageUse;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bulwark catalog who-uses PKG[=VERSION]}: the images whose newest build installs a package. */
@Command(name = "who-uses",
        footer = {"", "Examples:",
                "  bulwark catalog who-uses openssl",
                "  bulwark catalog who-uses libc6=2.41-12"},
        header = "Find the images that install a package.", mixinStandardHelpOptions = true,
        description = {"PKG is a binary or a source package name (openssl finds libssl3t64); =VERSION narrows it to",
                "that binary or source version. Looks at each image's newest build unless --all-builds."})
final class CatalogWhoUsesCommand extends CatalogQuery {
    @Parameters(index = "0", paramLabel = "PKG[=VERSION]", description = "The package, optionally with a version.")
    String query;
    @Option(names = "--all-builds", description = "Also look at older builds.")
    boolean allBuilds;

    @Override
    View query(Catalog catalog) throws BulwarkException {
        List<PackageUse> uses = catalog.whoUses(name(), version(), allBuilds);
        return new View(() -> CatalogJson.whoUses(query, uses), () -> CatalogText.whoUses(query, uses));
    }

    private String name() {
        int eq = query.indexOf('=');
        return eq < 0 ? query : query.substring(0, eq);
    }

    private String version() {
        int eq = query.indexOf('=');
        return eq < 0 ? null : query.substring(eq + 1);
    }

    /** Checks the query before the catalog is opened, and times the lookup (the query alone, without JVM start). */
    @Override
    public Integer call() throws BulwarkException {
        if (name().isBlank() || (version() != null && version().isBlank())) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot look up '" + query + "': give PKG or PKG=VERSION");
        }
        long start = System.nanoTime();
        Catalog catalog = catalogOptions.open();
        long opened = System.nanoTime();
        View found = query(catalog);
        long end = System.nanoTime();
        print(found);
        if (!format.json()) {
            // Like scan's "scanned in": the work itself, without JVM start (bench/catalog.sh reads it).
            self.commandLine().getErr().printf(java.util.Locale.ROOT, "looked up in %.1f ms (opening the catalog %.1f ms, "
                    + "the query %.1f ms)%n", (end - start) / 1e6, (opened - start) / 1e6, (end - opened) / 1e6);
            self.commandLine().getErr().flush();
        }
        return 0;
    }
}
