package dev.bulwark.cli;

import dev.bulwark.catalog.json.CatalogJson;
import dev.bulwark.catalog.model.BuildDiff;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code bulwark catalog diff IMAGE A B}: packages, vulnerabilities and size between two builds. */
@Command(name = "diff",
        footer = {"", "Examples:",
                "  bulwark catalog diff python3 1 2",
                "  bulwark catalog diff python3 1 2 --format json"},
        header = "Compare two builds of an image: packages, CVEs, size.", mixinStandardHelpOptions = true)
final class CatalogDiffCommand extends CatalogQuery {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image's name.")
    String image;
    @Parameters(index = "1", paramLabel = "A", description = "The older build's number ('catalog history' lists them).")
    String from;
    @Parameters(index = "2", paramLabel = "B", description = "The newer build's number, or 'latest'.")
    String to;

    @Override
    View query(Catalog catalog) throws BulwarkException {
        BuildDiff diff = catalog.diff(image, number(from), number(to));
        return new View(() -> CatalogJson.diff(diff), () -> CatalogText.diff(diff));
    }

    /** A build number, or 0 for the newest build ("latest"). */
    private static int number(String s) throws BulwarkException {
        if (s.equals("latest")) {
            return 0;
        }
        try {
            int n = Integer.parseInt(s);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BulwarkException(Kind.BAD_INPUT, "cannot compare build '" + s + "': give a build number (1, 2, …) "
                + "or 'latest'");
    }
}
