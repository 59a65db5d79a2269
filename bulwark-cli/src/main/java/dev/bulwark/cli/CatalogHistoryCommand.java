package dev.bulwark.cli;

import dev.bulwark.catalog.json.CatalogJson;
import dev.bulwark.catalog.model.BuildSummary;
import dev.bulwark.catalog.model.Publication;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.core.BulwarkException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code bulwark catalog history IMAGE}: every build and every publication of an image. */
@Command(name = "history",
        footer = {"", "Examples:",
                "  bulwark catalog history python3"},
        header = "Show an image's builds and where each was published.", mixinStandardHelpOptions = true)
final class CatalogHistoryCommand extends CatalogQuery {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image's name.")
    String image;

    @Override
    View query(Catalog catalog) throws BulwarkException {
        List<BuildSummary> builds = catalog.builds(image);
        List<Publication> publications = catalog.publications(image);
        return new View(() -> CatalogJson.history(image, builds, publications),
                () -> CatalogText.history(image, builds, publications));
    }
}
