package dev.bulwark.cli;

import dev.bulwark.catalog.costs.CostJson;
import dev.bulwark.catalog.costs.CostReport;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.core.BulwarkException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bulwark catalog costs}: build time, bytes and rebuilds per image per month. */
@Command(name = "costs",
        footer = {"", "Examples:",
                "  bulwark catalog costs",
                "  bulwark catalog costs --since 90d --format json"},
        header = "Show build seconds, bytes stored and pushed, rebuilds per image per month.",
        mixinStandardHelpOptions = true,
        description = {"Sums the recorded builds per image and month (UTC): how many builds and rebuilds (builds after",
                "an image's first), their build time, the bytes they stored (compressed layers) and pushed (layers",
                "once per target repository or layout: an upper bound, a registry skips blobs it has)."})
final class CatalogCostsCommand extends CatalogVerb {
    @Option(names = "--since", defaultValue = "365d", paramLabel = "D", converter = DurationConverter.class,
            description = "Builds started within this long (30d, 24h; default: ${DEFAULT-VALUE}).")
    Duration since;

    @Override
    public Integer call() throws BulwarkException {
        Catalog catalog = catalogOptions.open();
        Instant from = catalog.now().minus(since);
        CostReport report = CostReport.of(from, catalog.buildCosts(from));
        print(new View(() -> CostJson.report(report), () -> text(report)));
        return 0;
    }

    private static String text(CostReport r) {
        StringBuilder b = new StringBuilder("Builds since " + r.since() + "\n");
        b.append(String.format(Locale.ROOT, "%-28s %-8s %7s %9s %11s %11s %11s%n", "IMAGE", "MONTH", "BUILDS",
                "REBUILDS", "SECONDS", "STORED", "PUSHED"));
        for (CostReport.Row row : r.rows()) {
            b.append(line(CatalogText.safe(row.image()), row.month().toString(), row));
        }
        b.append(line("total", "", r.total()));
        if (r.total().uncounted() > 0) {
            b.append(r.total().uncounted()).append(" build(s) recorded before pushes were counted are not in PUSHED\n");
        }
        return b.toString().stripTrailing();
    }

    private static String line(String image, String month, CostReport.Row row) {
        return String.format(Locale.ROOT, "%-28s %-8s %7d %9d %11.1f %11s %11s%n", image, month, row.builds(),
                row.rebuilds(), row.buildTime().toMillis() / 1000.0, Sizes.human(row.storedBytes()),
                Sizes.human(row.pushedBytes()));
    }
}
