package dev.bulwark.cli;

import dev.bulwark.catalog.webhook.DeliveryAttempt;
import dev.bulwark.catalog.webhook.DeliveryPolicy;
import dev.bulwark.catalog.webhook.DeliveryReport;
import dev.bulwark.catalog.webhook.Webhook;
import dev.bulwark.catalog.webhook.WebhookJson;
import dev.bulwark.catalog.webhook.WebhookSecret;
import dev.bulwark.catalog.webhook.Webhooks;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.TempFiles;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bulwark catalog webhooks …}: endpoints that receive signed CloudEvents for every release. */
@Command(name = "webhooks",
        footer = {"", "Examples:",
                "  bulwark catalog webhooks add https://hooks.example.org/bulwark \\",
                "      --secret-file hook.secret",
                "  bulwark catalog webhooks deliver --wait 10m"},
        header = "Send signed CloudEvents of releases to webhook endpoints.", mixinStandardHelpOptions = true,
        description = {"Each release (and rollback) is queued for every endpoint in the transaction that records it, then",
                "POSTed as a CloudEvents 1.0 JSON event (application/cloudevents+json) signed per Standard",
                "Webhooks: headers webhook-id, webhook-timestamp and webhook-signature (v1,<base64 HMAC-SHA256 of",
                "id.timestamp.body>, keyed with the whsec_ secret). Failed attempts are retried with exponential",
                "backoff and jitter; an endpoint answering 410 Gone is disabled; every attempt is logged."},
        subcommands = {CatalogWebhooksCommand.Add.class, CatalogWebhooksCommand.ListHooks.class,
                CatalogWebhooksCommand.Remove.class, CatalogWebhooksCommand.Test.class,
                CatalogWebhooksCommand.RotateSecret.class, CatalogWebhooksCommand.Deliver.class,
                CatalogWebhooksCommand.Log.class})
final class CatalogWebhooksCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    CommandSpec self;

    @Override
    public Integer call() {
        CommandLine cli = self.commandLine();
        cli.usage(cli.getErr());
        return 2;
    }

    static Webhooks open(CatalogOptions options) throws BulwarkException {
        return new Webhooks(options.open().database(), Clock.systemUTC(), new SecureRandom());
    }

    /** Delivery options shared by deliver and test. */
    static final class PolicyOptions {
        @Option(names = "--attempts", defaultValue = "8", paramLabel = "N", description = "At most N attempts per event (default: ${DEFAULT-VALUE}).")
        int attempts;
        @Option(names = "--backoff", defaultValue = "5s", paramLabel = "D", converter = DurationConverter.class,
                description = "Wait after the first failed attempt, doubled after each (default: ${DEFAULT-VALUE}).")
        Duration backoff;
        @Option(names = "--max-backoff", defaultValue = "1h", paramLabel = "D", converter = DurationConverter.class,
                description = "The longest wait between attempts (default: ${DEFAULT-VALUE}).")
        Duration maxBackoff;
        @Option(names = "--timeout", defaultValue = "15s", paramLabel = "D", converter = DurationConverter.class,
                description = "How long an endpoint has to answer one attempt (default: ${DEFAULT-VALUE}).")
        Duration timeout;

        DeliveryPolicy policy() throws BulwarkException {
            try {
                return new DeliveryPolicy(attempts, backoff, maxBackoff.compareTo(backoff) < 0 ? backoff : maxBackoff, timeout);
            } catch (IllegalArgumentException e) {
                throw new BulwarkException(Kind.BAD_INPUT, "cannot deliver webhooks with these options: " + e.getMessage());
            }
        }
    }

    @Command(name = "add", footer = {"", "Examples:",
            "  bulwark catalog webhooks add https://hooks.example.org/bulwark \\",
                "      --secret-file hook.secret",
            "  bulwark catalog webhooks add http://127.0.0.1:9000/in --name ci \\",
            "      --events dev.bulwark.image.released"},
            header = "Add an endpoint.", mixinStandardHelpOptions = true,
            description = {"Adds an endpoint for every release (or the --events types). The signing secret is read from",
                    "--secret-file when it exists, else made and written there (0600), else made and printed once."})
    static final class Add extends CatalogVerb {
        @Parameters(index = "0", paramLabel = "URL", description = "http(s)://HOST[:PORT]/PATH to POST events to.")
        String url;
        @Option(names = "--name", paramLabel = "NAME", description = "What to call it (default: the URL's host).")
        String name;
        @Option(names = "--secret-file", paramLabel = "FILE", description = "The whsec_ secret: read, or written when missing.")
        Path secretFile;
        @Option(names = "--events", split = ",", paramLabel = "TYPE", description = "Event types to send (default: all).")
        List<String> events = new ArrayList<>();

        @Override
        public Integer call() throws BulwarkException {
            URI uri = uri(url);
            WebhookSecret existing = secretFile != null && Files.exists(secretFile) ? readSecret(secretFile) : null;
            Webhooks hooks = open(catalogOptions);
            WebhookSecret secret = existing != null ? existing : WebhookSecret.generate(new SecureRandom());
            if (existing == null && secretFile != null) {
                writeSecret(secretFile, secret);
            }
            Webhook w = hooks.add(uri, name, events, secret);
            WebhookSecret shown = existing == null && secretFile == null ? secret : null;
            print(new View(() -> WebhookJson.webhook(w, shown), () -> describe(w) + (shown == null
                    ? secretFile == null ? "" : "\nsecret: in " + secretFile
                    : "\nsecret: " + shown.value() + "  (shown once; give it to the receiver)")));
            return 0;
        }
    }

    @Command(name = "list", footer = {"", "Examples:", "  bulwark catalog webhooks list --format json"},
            header = "List the endpoints.", mixinStandardHelpOptions = true)
    static final class ListHooks extends CatalogVerb {

        @Override
        public Integer call() throws BulwarkException {
            List<Webhook> all = open(catalogOptions).list();
            print(new View(() -> WebhookJson.webhooks(all), () -> all.isEmpty()
                    ? "no webhooks; 'bulwark catalog webhooks add URL' adds one"
                    : String.join("\n", all.stream().map(CatalogWebhooksCommand::describe).toList())));
            return 0;
        }
    }

    @Command(name = "remove", footer = {"", "Examples:", "  bulwark catalog webhooks remove ci"},
            header = "Remove an endpoint, its queued deliveries and their log.", mixinStandardHelpOptions = true)
    static final class Remove implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME|ID", description = "The endpoint.")
        String ref;
        @Mixin
        CatalogOptions catalogOptions;
        @picocli.CommandLine.Spec
        CommandSpec self;

        @Override
        public Integer call() throws BulwarkException {
            Webhook w = open(catalogOptions).remove(ref);
            CatalogText.print(self, "removed webhook " + CatalogText.safe(w.name()));
            return 0;
        }
    }

    @Command(name = "test", footer = {"", "Examples:", "  bulwark catalog webhooks test ci"},
            header = "Send a signed test event to one endpoint now.", mixinStandardHelpOptions = true,
            description = "Exit code 1 when the endpoint did not take it.")
    static final class Test extends CatalogVerb {
        @Parameters(index = "0", paramLabel = "NAME|ID", description = "The endpoint.")
        String ref;
        @Option(names = "--wait", defaultValue = "0s", paramLabel = "D", converter = DurationConverter.class,
                description = "Keep retrying this long (default: ${DEFAULT-VALUE}: one attempt).")
        Duration wait;
        @Mixin
        PolicyOptions policy;

        @Override
        public Integer call() throws BulwarkException {
            DeliveryReport r = open(catalogOptions).test(ref, policy.policy(), wait);
            print(new View(() -> WebhookJson.report(r), () -> report(r)));
            return r.delivered() > 0 ? 0 : 1;
        }
    }

    @Command(name = "rotate-secret", footer = {"", "Examples:",
            "  bulwark catalog webhooks rotate-secret ci --secret-file new.secret \\",
            "      --overlap 24h"},
            header = "Give an endpoint a new secret; the old one keeps signing for a while.", mixinStandardHelpOptions = true,
            description = {"During the overlap every event carries two signatures (new and old, space-separated), so",
                    "the receiver can switch to the new secret without missing an event."})
    static final class RotateSecret implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME|ID", description = "The endpoint.")
        String ref;
        @Option(names = "--secret-file", paramLabel = "FILE", description = "The new secret: read, or written when missing.")
        Path secretFile;
        @Option(names = "--overlap", defaultValue = "24h", paramLabel = "D", converter = DurationConverter.class,
                description = "How long the old secret still signs (default: ${DEFAULT-VALUE}).")
        Duration overlap;
        @Mixin
        CatalogOptions catalogOptions;
        @picocli.CommandLine.Spec
        CommandSpec self;

        @Override
        public Integer call() throws BulwarkException {
            WebhookSecret existing = secretFile != null && Files.exists(secretFile) ? readSecret(secretFile) : null;
            Webhooks hooks = open(catalogOptions);
            WebhookSecret next = existing != null ? existing : WebhookSecret.generate(new SecureRandom());
            hooks.find(ref); // a clear error before a secret file is written
            if (existing == null && secretFile != null) {
                writeSecret(secretFile, next);
            }
            Webhook w = hooks.rotateSecret(ref, next, overlap);
            CatalogText.print(self, describe(w) + "\nnew secret: " + (secretFile != null ? "in " + secretFile
                    : next.value() + "  (shown once)") + "; the old one signs too until " + w.previousUntil());
            return 0;
        }
    }

    @Command(name = "deliver", footer = {"", "Examples:",
            "  bulwark catalog webhooks deliver",
            "  bulwark catalog webhooks deliver --wait 10m --attempts 12"},
            header = "Send the queued deliveries that are due, retrying within --wait.", mixinStandardHelpOptions = true,
            description = {"Deliveries are queued when a release is recorded and sent after it; what an outage kept back",
                    "is sent by the next run. Exit code 1 when a delivery failed for good or is still pending."})
    static final class Deliver extends CatalogVerb {
        @Option(names = "--wait", defaultValue = "0s", paramLabel = "D", converter = DurationConverter.class,
                description = "Keep retrying what falls due within this long (default: ${DEFAULT-VALUE}).")
        Duration wait;
        @Mixin
        PolicyOptions policy;

        @Override
        public Integer call() throws BulwarkException {
            DeliveryReport r = open(catalogOptions).deliver(policy.policy(), wait);
            print(new View(() -> WebhookJson.report(r), () -> report(r)));
            return r.failed() == 0 && r.pending() == 0 ? 0 : 1;
        }
    }

    @Command(name = "log", footer = {"", "Examples:", "  bulwark catalog webhooks log", "  bulwark catalog webhooks log ci --limit 5"},
            header = "Show the delivery attempts, newest first.", mixinStandardHelpOptions = true)
    static final class Log extends CatalogVerb {
        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME|ID", description = "Only this endpoint's.")
        String ref;
        @Option(names = "--limit", defaultValue = "50", paramLabel = "N", description = "At most N (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() throws BulwarkException {
            List<DeliveryAttempt> log = open(catalogOptions).log(ref, Math.max(1, limit));
            print(new View(() -> WebhookJson.attempts(log), () -> log.isEmpty() ? "no attempts yet"
                    : String.join("\n", log.stream().map(CatalogWebhooksCommand::line).toList())));
            return 0;
        }
    }

    static String describe(Webhook w) {
        return w.id() + " " + CatalogText.safe(w.name()) + "  " + CatalogText.safe(w.url().toString()) + "  "
                + String.join(",", w.events()) + (w.enabled() ? "" : "  disabled: " + CatalogText.safe(w.disabledReason()));
    }

    static String report(DeliveryReport r) {
        StringBuilder b = new StringBuilder();
        r.attempts().forEach(a -> b.append(line(a)).append('\n'));
        b.append(r.delivered()).append(" delivered, ").append(r.pending()).append(" pending, ").append(r.failed())
                .append(" failed, ").append(r.disabled()).append(" cancelled (endpoint disabled)");
        return b.toString();
    }

    static String line(DeliveryAttempt a) {
        return a.at() + "  " + CatalogText.safe(a.webhook()) + "  " + a.eventType() + " " + a.eventId() + "  attempt "
                + a.attempt() + ": " + a.outcome() + (a.status() == null ? "" : " (HTTP " + a.status() + ")")
                + (a.error() == null ? "" : " " + CatalogText.safe(a.error())) + " in " + a.took().toMillis() + " ms";
    }

    static URI uri(String url) throws BulwarkException {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot add webhook " + CatalogText.safe(url) + ": " + e.getReason()
                    + "; give http(s)://HOST[:PORT]/PATH");
        }
    }

    static WebhookSecret readSecret(Path file) throws BulwarkException {
        try {
            return new WebhookSecret(Files.readString(file, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot read webhook secret " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot use webhook secret " + file + ": " + e.getMessage()
                    + "; delete the file to have one made", e);
        }
    }

    /** A new secret, 0600, written whole or not at all. */
    static void writeSecret(Path file, WebhookSecret secret) throws BulwarkException {
        Path target = file.toAbsolutePath();
        try {
            Path temp = TempFiles.createPrivateFile(target.getParent(), "secret");
            try {
                Files.writeString(temp, secret.value() + "\n", StandardCharsets.UTF_8);
                TempFiles.replace(temp, target);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new BulwarkException(Kind.ENVIRONMENT, "cannot write webhook secret " + target + ": " + e.getMessage(), e);
        }
    }
}
