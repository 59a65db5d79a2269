package dev.bulwark.cli;

import dev.bulwark.catalog.feed.FeedRequest;
import dev.bulwark.catalog.feed.Feeds;
import dev.bulwark.catalog.release.Release;
import dev.bulwark.catalog.store.Catalog;
import dev.bulwark.core.BulwarkException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.core.TempFiles;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bulwark catalog feed}: a JSON Feed 1.1 or Atom feed of the catalog's releases. */
@Command(name = "feed",
        footer = {"", "Examples:",
                "  bulwark catalog feed --format atom --output site/releases.atom",
                "  bulwark catalog feed --format json-feed --image python3 \\",
                "      --base-url https://images.example.org"},
        header = "Write a JSON Feed or Atom feed of releases.", mixinStandardHelpOptions = true,
        description = {"Writes the catalog's releases, newest first, as a JSON Feed 1.1 or an Atom (RFC 4287) feed.",
                "Each entry says what changed since the previous release (packages upgraded, added, removed), the",
                "CVEs it fixed, the digest per platform, the references it is published at and the commands that",
                "verify its signature and evidence. A rollback is a release too."})
final class CatalogFeedCommand implements Callable<Integer> {
    @Option(names = "--format", defaultValue = "json-feed", paramLabel = "FORMAT",
            description = "json-feed or atom (default: ${DEFAULT-VALUE}).")
    String format;
    @Option(names = "--image", paramLabel = "NAME", description = "Only this image's releases (default: every image's).")
    String image;
    @Option(names = "--output", paramLabel = "FILE", description = "Write the feed here (default: standard output).")
    Path output;
    @Option(names = "--base-url", paramLabel = "URL", description = {"Where the feed is published: entries link to "
            + "URL/images/NAME/builds/N and the feed's id derives from it.", "Default: entries link to the "
            + "release's manifest."})
    String baseUrl;
    @Option(names = "--title", paramLabel = "TEXT", description = "The feed's title (default: Bulwark releases).")
    String title;
    @Option(names = "--limit", defaultValue = "50", paramLabel = "N", description = "At most N entries (default: ${DEFAULT-VALUE}).")
    int limit;
    @Mixin
    CatalogOptions catalogOptions;
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec self;

    @Override
    public Integer call() throws BulwarkException {
        if (!format.equals("json-feed") && !format.equals("atom")) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot write a feed as '" + format + "': give --format "
                    + "json-feed or --format atom");
        }
        if (limit < 1) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot write a feed of " + limit + " entries: give --limit 1 or more");
        }
        URI base = base();
        Catalog catalog = catalogOptions.open();
        List<Release> releases = catalog.releases(image, limit);
        FeedRequest request = new FeedRequest(title != null ? title : image == null ? "Bulwark releases"
                : "Bulwark releases of " + image, image, base, base != null ? base.toString()
                : catalog.location().display(), catalog.now());
        byte[] feed = format.equals("atom") ? Feeds.atom(request, releases) : Feeds.jsonFeed(request, releases);
        if (output == null) {
            CatalogText.print(self, new String(feed, StandardCharsets.UTF_8).stripTrailing());
            return 0;
        }
        write(feed);
        return 0;
    }

    private URI base() throws BulwarkException {
        if (baseUrl == null) {
            return null;
        }
        try {
            URI u = new URI(baseUrl);
            if (u.getScheme() == null || !(u.getScheme().equals("https") || u.getScheme().equals("http"))) {
                throw new URISyntaxException(baseUrl, "not an http(s) URL");
            }
            return u;
        } catch (URISyntaxException e) {
            throw new BulwarkException(Kind.BAD_INPUT, "cannot use --base-url " + baseUrl + ": " + e.getReason()
                    + "; give https://HOST/PATH");
        }
    }

    /** Temp file beside the target, then renamed: a reader never sees half a feed. */
    private void write(byte[] feed) throws BulwarkException {
        Path target = output.toAbsolutePath();
        try {
            Path temp = TempFiles.createFile(target.getParent(), "feed");
            try {
                Files.write(temp, feed);
                TempFiles.replace(temp, target);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new BulwarkException(Kind.ENVIRONMENT, "cannot write feed " + target + ": " + e.getMessage(), e);
        }
    }
}
