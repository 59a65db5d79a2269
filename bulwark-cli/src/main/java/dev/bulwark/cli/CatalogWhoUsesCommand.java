package dev.bulwark.cli;

import dev.bulwark.catalog.json.CatalogJson;
import dev.bulwark.catalog.model.PackageUse;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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
final class CatalogWhoUsesCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PKG[=VERSION]", description = "The package, optionally with a version.")
    String query;
    @Option(names = "--all-builds", description = "Also look at older builds.")
    boolean allBuilds;
    @Mixin
    FormatOption format;
    @Mixin
    CatalogOptions catalogOptions;
    @picocli.CommandLine.Spec
    CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        int eq = query.indexOf('=');
        String name = eq < 0 ? query : query.substring(0, eq);
        String version = eq < 0 ? null : query.substring(eq + 1);
        if (name.isBlank() || (version != null && version.isBlank())) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot look up '" + query + "': give PKG or PKG=VERSION");
        }
        long start = System.nanoTime();
        var catalog = catalogOptions.open();
        long opened = System.nanoTime();
        List<PackageUse> uses = catalog.whoUses(name, version, allBuilds);
        long end = System.nanoTime();
        CatalogText.print(self, format.json() ? CatalogJson.whoUses(query, uses) : CatalogText.whoUses(query, uses));
        if (!format.json()) {
            // Like scan's "scanned in": the work itself, without JVM start (bench/catalog.sh reads it).
            self.commandLine().getErr().printf(java.util.Locale.ROOT, "looked up in %.1f ms (opening the catalog %.1f ms, "
                    + "the query %.1f ms)%n", (end - start) / 1e6, (opened - start) / 1e6, (end - opened) / 1e6);
            self.commandLine().getErr().flush();
        }
        return 0;
    }
}
