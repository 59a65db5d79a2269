package dev.bulwark.cli;

import dev.bulwark.catalog.json.CatalogJson;
import dev.bulwark.catalog.model.CatalogImage;
import dev.bulwark.core.BulwarkException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bulwark catalog show IMAGE}: an image's definition and its newest build. */
@Command(name = "show",
        footer = {"", "Examples:",
                "  bulwark catalog show python3"},
        header = "Show an image's definition and newest build.", mixinStandardHelpOptions = true)
final class CatalogShowCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image's name (the spec's 'name').")
    String image;
    @Mixin
    FormatOption format;
    @Mixin
    CatalogOptions catalogOptions;
    @picocli.CommandLine.Spec
    CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        CatalogImage found = catalogOptions.open().image(image);
        CatalogText.print(self, format.json() ? CatalogJson.image(found) : CatalogText.image(found));
        return 0;
    }
}
