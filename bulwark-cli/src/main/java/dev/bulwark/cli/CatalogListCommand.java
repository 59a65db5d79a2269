package dev.bulwark.cli;

import dev.bulwark.catalog.json.CatalogJson;
import dev.bulwark.catalog.model.CatalogImage;
import dev.bulwark.core.BulwarkException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code bulwark catalog list}: every catalogued image with its newest build. */
@Command(name = "list",
        footer = {"", "Examples:",
                "  bulwark catalog list",
                "  bulwark catalog list --format json"},
        header = "List the catalogued images and their newest builds.", mixinStandardHelpOptions = true)
final class CatalogListCommand implements Callable<Integer> {
    @Mixin
    FormatOption format;
    @Mixin
    CatalogOptions catalogOptions;
    @picocli.CommandLine.Spec
    CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        List<CatalogImage> images = catalogOptions.open().images();
        CatalogText.print(self, format.json() ? CatalogJson.images(images) : CatalogText.images(images));
        return 0;
    }
}
