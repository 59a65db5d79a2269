package dev.bulwark.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bulwark catalog …}: the images a team builds, their builds, packages and where they were published. */
@Command(name = "catalog",
        footer = {"", "Examples:",
                "  bulwark catalog add examples/python3.yaml",
                "  bulwark catalog who-uses openssl --format json"},
        header = "Record images and their builds; ask which image uses what.", mixinStandardHelpOptions = true,
        description = {"The catalog records every image definition, every build (lock, digests per platform, packages,",
                "sizes, duration) and every publication (timestamped tags and the moving tags' history).",
                "It is an SQLite file per user by default, or a PostgreSQL database shared by several machines."},
        subcommands = {CatalogAddCommand.class, CatalogListCommand.class, CatalogShowCommand.class,
                CatalogPackagesCommand.class, CatalogWhoUsesCommand.class, CatalogHistoryCommand.class,
                CatalogDiffCommand.class, CatalogFeedCommand.class, CatalogWebhooksCommand.class,
                CatalogRollbackCommand.class, CatalogCostsCommand.class,
                CatalogSlaCommand.class, CatalogSetCommand.class})
final class CatalogCommand implements Callable<Integer> {
    @Spec
    CommandSpec self;

    @Override
    public Integer call() {
        CommandLine cli = self.commandLine();
        cli.usage(cli.getErr());
        return 2;
    }
}
