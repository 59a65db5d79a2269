package dev.bulwark.cli;

import dev.bulwark.catalog.CatalogException;
import dev.bulwark.catalog.db.CatalogDatabase;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.text.Escape;
import dev.bulwark.server.auth.IssuedToken;
import dev.bulwark.server.auth.Role;
import dev.bulwark.server.auth.Token;
import dev.bulwark.server.auth.Tokens;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bulwark tokens create|list|revoke}: the API tokens {@code bulwark serve} accepts. */
@Command(name = "tokens",
        header = "Create, list and revoke the API tokens 'bulwark serve' accepts.",
        description = {"A token has a role: read (every GET), build (also asks for rebuilds) or admin (everything). "
                + "Only a hash of each token is kept in the catalog; the token itself is printed once, when created."},
        footer = {"", "Examples:",
                "  bulwark tokens create --role build --name ci",
                "  bulwark tokens list",
                "  bulwark tokens revoke ci"},
        mixinStandardHelpOptions = true,
        subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Revoke.class})
final class TokensCommand implements Callable<Integer> {
    @Spec
    CommandSpec self;

    @Override
    public Integer call() {
        CommandLine cli = self.commandLine();
        cli.usage(cli.getErr());
        return 2;
    }

    static Tokens open(CatalogOptions options) throws CatalogException {
        return new Tokens(CatalogDatabase.open(options.location(), CatalogOptions.timeout()), Clock.systemUTC(),
                new SecureRandom());
    }

    @Command(name = "create", header = "Create a token and print it (this once).",
            footer = {"", "Examples:",
                    "  bulwark tokens create --role read",
                    "  bulwark tokens create --role admin --name ops"},
            mixinStandardHelpOptions = true)
    static final class Create implements Callable<Integer> {
        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "read, build or admin.")
        String role;
        @Option(names = "--name", paramLabel = "NAME", description = "A name to list and revoke it by (default: "
                + "ROLE-N).")
        String name;
        @Mixin
        CatalogOptions catalogOptions;
        @Spec
        CommandSpec self;

        @Override
        public Integer call() throws BulwarkException {
            Role r = Role.parse(role);
            IssuedToken t = open(catalogOptions).create(r, name);
            self.commandLine().getOut().println(t.secret());
            self.commandLine().getOut().flush();
            self.commandLine().getErr().println("created token " + t.token().name() + " (id " + t.token().id()
                    + ", role " + r.label() + "); it is shown only this once, keep it in a secret store");
            self.commandLine().getErr().flush();
            return 0;
        }
    }

    @Command(name = "list", header = "List the tokens: name, role, created, last used (never the token).",
            footer = {"", "Examples:",
                    "  bulwark tokens list",
                    "  bulwark tokens list --catalog postgresql://bulwark@db/catalog"},
            mixinStandardHelpOptions = true)
    static final class ListTokens implements Callable<Integer> {
        @Mixin
        CatalogOptions catalogOptions;
        @Spec
        CommandSpec self;

        @Override
        public Integer call() throws BulwarkException {
            List<Token> tokens = open(catalogOptions).list();
            PrintWriter out = self.commandLine().getOut();
            if (tokens.isEmpty()) {
                out.println("no tokens yet; 'bulwark tokens create --role read' makes one");
            } else {
                out.printf(Locale.ROOT, "%-4s %-20s %-6s %-20s %-20s %s%n", "ID", "NAME", "ROLE", "CREATED",
                        "LAST USED", "STATE");
                for (Token t : tokens) {
                    out.printf(Locale.ROOT, "%-4d %-20s %-6s %-20s %-20s %s%n", t.id(), Escape.text(t.name()),
                            t.role().label(), time(t.createdAt()), time(t.lastUsedAt()),
                            t.revoked() ? "revoked " + time(t.revokedAt()) : "active");
                }
            }
            out.flush();
            return 0;
        }

        private static String time(Instant t) {
            return t == null ? "never" : t.toString().replaceFirst("\\.\\d+Z$", "Z");
        }
    }

    @Command(name = "revoke", header = "Revoke a token by name or id; it stops working at once.",
            footer = {"", "Examples:",
                    "  bulwark tokens revoke ci",
                    "  bulwark tokens revoke 3"},
            mixinStandardHelpOptions = true)
    static final class Revoke implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME|ID", description = "The token's name or id ('tokens list').")
        String token;
        @Mixin
        CatalogOptions catalogOptions;
        @Spec
        CommandSpec self;

        @Override
        public Integer call() throws BulwarkException {
            Token t = open(catalogOptions).revoke(token);
            self.commandLine().getOut().println("revoked token " + Escape.text(t.name()) + " (id " + t.id() + ")");
            self.commandLine().getOut().flush();
            return 0;
        }
    }
}
