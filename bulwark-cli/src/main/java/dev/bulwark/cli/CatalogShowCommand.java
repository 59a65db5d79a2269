package dev.bulwark.cli;

import dev.bulwark.catalog.json.CatalogJson;
import dev.bulwark.catalog.model.CatalogImage;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.core.BulwarkException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code bulwark catalog show IMAGE}: an image's definition and its newest build. */
@Command(name = "show",
        footer = {"", "Examples:",
                "  bulwark catalog show python3"},
        header = "Show an image's definition and newest build.", mixinStandardHelpOptions = true)
final class CatalogShowCommand extends CatalogQuery {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image's name (the spec's 'name').")
    String image;

    @Override
    View query(Catalog catalog) throws BulwarkException {
        CatalogImage found = catalog.image(image);
        return new View(() -> CatalogJson.image(found), () -> CatalogText.image(found));
    }
}
