package dev.bulwark.cli;

import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.text.Escape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bulwark catalog set IMAGE --update-policy security|always-update}: change how watch treats an image. */
@Command(name = "set",
        footer = {"", "Examples:",
                "  bulwark catalog set python3 --update-policy always-update",
                "  bulwark catalog set python3 --update-policy security"},
        header = "Change a catalogued image's settings.", mixinStandardHelpOptions = true,
        description = {"--update-policy says when 'bulwark watch' rebuilds IMAGE: security (the default) when a newer",
                "version of an installed package fixes a CVE or its base was rebuilt; always-update also when any",
                "installed package has a newer version. The change is recorded as an event; nothing is built."})
final class CatalogSetCommand extends CatalogVerb {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image's name.")
    String image;
    @Option(names = "--update-policy", required = true, paramLabel = "POLICY",
            description = "security or always-update.")
    String policy;

    @Override
    public Integer call() throws BulwarkException {
        Catalog catalog = catalogOptions.open();
        boolean changed = catalog.setUpdatePolicy(image, policy);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("image", image)
                .put("updatePolicy", policy).put("changed", changed);
        print(new View(json::toPrettyString, () -> Escape.text(image) + ": update policy " + policy
                + (changed ? "" : " (unchanged)")));
        return 0;
    }
}
