package dev.bulwark.cli;

import dev.bulwark.catalog.json.CatalogJson;
import dev.bulwark.catalog.model.CatalogImage;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.core.BulwarkException;
import java.util.List;
import picocli.CommandLine.Command;

/** {@code bulwark catalog list}: every catalogued image with its newest build. */
@Command(name = "list",
        footer = {"", "Examples:",
                "  bulwark catalog list",
                "  bulwark catalog list --format json"},
        header = "List the catalogued images and their newest builds.", mixinStandardHelpOptions = true)
final class CatalogListCommand extends CatalogQuery {

    @Override
    View query(Catalog catalog) throws BulwarkException {
        List<CatalogImage> images = catalog.images();
        return new View(() -> CatalogJson.images(images), () -> CatalogText.images(images));
    }
}
