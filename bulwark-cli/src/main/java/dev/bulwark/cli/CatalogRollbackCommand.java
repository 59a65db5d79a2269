package dev.bulwark.cli;

import dev.bulwark.catalog.model.Publication;
import dev.bulwark.catalog.release.ReleaseJson;
import dev.bulwark.catalog.rollback.Rollback;
import dev.bulwark.catalog.rollback.RollbackResult;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.catalog.webhook.DeliveryPolicy;
import dev.bulwark.catalog.webhook.Webhooks;
import dev.bulwark.core.BulwarkException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bulwark catalog rollback IMAGE --to BUILD|DIGEST}: move the image's tags back to an earlier release. */
@Command(name = "rollback",
        footer = {"", "Examples:",
                "  bulwark catalog rollback python3 --to 3",
                "  bulwark catalog rollback python3 \\",
                "    --to sha256:4f0c0a2d3e5b6a7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e"},
        header = "Move an image's moving tags back to an earlier build.", mixinStandardHelpOptions = true,
        description = {"Writes each moving tag of IMAGE (TAG of every REPO:TAG it is published to) back to the target",
                "build, copying the manifest from that build's immutable timestamped tag in the same repository",
                "or layout. Every target is checked first: the timestamped tag must still hold the digest the",
                "catalog recorded. Then the move is recorded and announced (feeds, webhooks) like a release.",
                "Every release stays addressable by its timestamped tag."})
final class CatalogRollbackCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image's name.")
    String image;
    @Option(names = "--to", required = true, paramLabel = "BUILD|DIGEST",
            description = "The build number, or its digest (index or a platform's manifest).")
    String to;
    @Mixin
    FormatOption format;
    @Mixin
    CatalogOptions catalogOptions;
    @Mixin
    RegistryOptionsMixin registryOptions;
    @picocli.CommandLine.Spec
    CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        Catalog catalog = catalogOptions.open();
        RollbackResult r = new Rollback(catalog, registryOptions.toOptions(ConsoleProgress.standard(true)),
                Clock.systemUTC()).rollback(image, to);
        if (r.release() != null) {
            // Announce now; what cannot be delivered stays queued for 'catalog webhooks deliver'.
            new Webhooks(catalog.database(), Clock.systemUTC(), new SecureRandom()).deliver(DeliveryPolicy.DEFAULT,
                    Duration.ZERO);
        }
        CatalogText.print(self, format.json() ? json(r) : text(r));
        return 0;
    }

    private static String text(RollbackResult r) {
        if (r.moved().isEmpty()) {
            return CatalogText.safe(r.image()) + ": its tags hold build " + r.build() + " (" + r.digest()
                    + ") already; nothing moved";
        }
        StringBuilder b = new StringBuilder(CatalogText.safe(r.image()) + ": rolled back to build " + r.build() + " ("
                + r.digest() + ")\n");
        for (Publication p : r.moved()) {
            b.append("  ").append(CatalogText.safe(p.reference())).append(" → ").append(p.digest()).append('\n');
        }
        return b.toString().stripTrailing();
    }

    private static String json(RollbackResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", r.image());
        m.put("build", r.build());
        m.put("digest", r.digest());
        m.put("moved", r.moved().stream().map(Publication::reference).toList());
        m.put("release", r.release() == null ? null : ReleaseJson.data(r.release()));
        return Json.render(m);
    }
}
