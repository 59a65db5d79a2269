package dev.bulwark.cli;

import dev.bulwark.catalog.json.CatalogJson;
import dev.bulwark.catalog.model.BuildSummary;
import dev.bulwark.catalog.model.BuiltPackage;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.core.BulwarkException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bulwark catalog packages IMAGE}: the packages of a build, per architecture. */
@Command(name = "packages",
        footer = {"", "Examples:",
                "  bulwark catalog packages python3 --arch amd64"},
        header = "List the packages of an image's build.", mixinStandardHelpOptions = true)
final class CatalogPackagesCommand extends CatalogQuery {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image's name.")
    String image;
    @Option(names = "--build", paramLabel = "N", defaultValue = "0", description = "Which build (default: the newest).")
    int build;
    @Option(names = "--arch", paramLabel = "ARCH", description = "Only this Debian architecture.")
    String arch;

    @Override
    View query(Catalog catalog) throws BulwarkException {
        BuildSummary summary = catalog.build(image, build);
        List<BuiltPackage> packages = catalog.packages(image, summary.number()).stream()
                .filter(p -> arch == null || p.arch().equals(arch)).toList();
        return new View(() -> CatalogJson.packages(summary, packages), () -> CatalogText.packages(summary, packages));
    }
}
