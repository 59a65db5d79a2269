package dev.bulwark.catalog.bump;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.catalog.feed.Feeds;
import dev.bulwark.catalog.model.Publication;
import dev.bulwark.core.BulwarkException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Releases read from a JSON Feed 1.1 that {@code bulwark catalog feed} wrote, from a file or an https URL. Each
 * item's {@code _bulwark} extension names the image, the build, its digest per platform, the references it was
 * published at (with their digests) and the CVEs it fixed. A repository's newest release is the newest item
 * published there; the CVEs fixed from build A to build B are those the releases after A up to B fixed (the feed
 * holds its newest entries only, so an old A may miss some).
 */
public final class FeedReleases implements ReleaseSource {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One item of the feed. */
    private record Item(String image, String kind, int build, Instant at, List<Fix> fixed) {
    }

    private final String where;
    private final Tracks tracks = new Tracks();
    private final List<Item> items = new ArrayList<>();

    private FeedReleases(String where, byte[] feed) throws BumpException {
        this.where = where;
        try {
            parse(JSON.readTree(feed));
        } catch (IOException e) {
            throw bad("not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw bad(e.getMessage());
        }
    }

    /** The feed at {@code feed}: an http(s) URL, else a file. */
    public static FeedReleases read(String feed) throws BumpException {
        if (feed.startsWith("https://") || feed.startsWith("http://")) {
            var url = HttpGet.check(feed, "--feed");
            byte[] body = new HttpGet().get(url, null, "application/feed+json, application/json", status ->
                    new BumpException(status >= 500 ? Kind.ENVIRONMENT : Kind.BAD_INPUT, "cannot read feed " + feed
                            + ": the server answered HTTP " + status));
            return new FeedReleases("feed " + feed, body);
        }
        Path file = Path.of(feed);
        if (!Files.isRegularFile(file)) {
            throw new BumpException(Kind.BAD_INPUT, "cannot read feed " + feed + ": no such file (give a file "
                    + "'bulwark catalog feed --output' wrote, or an https:// URL)");
        }
        try (InputStream in = Files.newInputStream(file.toRealPath())) {
            byte[] bytes = in.readNBytes(HttpGet.MAX_BYTES + 1);
            if (bytes.length > HttpGet.MAX_BYTES) {
                throw new BumpException(Kind.BAD_INPUT, "cannot read feed " + feed + ": larger than "
                        + (HttpGet.MAX_BYTES >> 20) + " MiB");
            }
            return new FeedReleases("feed " + file, bytes);
        } catch (IOException e) {
            throw new BumpException(Kind.ENVIRONMENT, "cannot read feed " + feed + ": " + e.getMessage(), e);
        }
    }

    private void parse(JsonNode feed) throws BumpException {
        if (!Feeds.JSON_FEED_VERSION.equals(feed.path("version").asText())) {
            throw bad("not a JSON Feed 1.1 (version is '" + feed.path("version").asText() + "'); give the feed "
                    + "'bulwark catalog feed --format json-feed' writes");
        }
        Map<String, List<Publication>> publications = new LinkedHashMap<>();
        Map<String, Map<Integer, Map<String, String>>> platforms = new HashMap<>();
        Map<String, Integer> newest = new HashMap<>();
        Map<String, Map<Integer, String>> reasons = new HashMap<>();
        List<JsonNode> releases = new ArrayList<>();
        feed.path("items").forEach(i -> {
            if (i.path("_bulwark").isObject()) {
                releases.add(i.path("_bulwark"));
            }
        });
        releases.sort(Comparator.comparing((JsonNode r) -> Instant.parse(text(r, "releasedAt"))).reversed());
        for (JsonNode r : releases) {
            String image = text(r, "image");
            int build = number(r, "build");
            Instant at = Instant.parse(text(r, "releasedAt"));
            newest.putIfAbsent(image, build);
            Map<String, String> ps = new LinkedHashMap<>();
            r.path("platforms").forEach(p -> ps.put(text(p, "platform"), text(p, "manifest")));
            String digest = text(r, "digest");
            boolean index = !(ps.size() == 1 && ps.containsValue(digest));
            platforms.computeIfAbsent(image, k -> new HashMap<>()).putIfAbsent(build, index ? ps : Map.of());
            reasons.computeIfAbsent(image, k -> new HashMap<>()).putIfAbsent(build, r.path("reason").asText(""));
            for (JsonNode ref : r.path("references")) {
                Publication.Kind kind = Publication.Kind.valueOf(text(ref, "kind").toUpperCase(Locale.ROOT));
                publications.computeIfAbsent(image, k -> new ArrayList<>()).add(new Publication(text(ref, "reference"),
                        text(ref, "digest"), kind, build, at, null));
            }
            List<Fix> fixed = new ArrayList<>();
            for (JsonNode v : r.path("fixed")) {
                fixed.add(new Fix(text(v, "id"), text(v, "package"), v.path("fixedVersion").asText(null),
                        v.path("severity").asText(null)));
            }
            items.add(new Item(image, text(r, "kind"), build, at, fixed));
        }
        for (Map.Entry<String, List<Publication>> e : publications.entrySet()) {
            tracks.add(e.getKey(), e.getValue(), platforms.getOrDefault(e.getKey(), Map.of()),
                    reasons.getOrDefault(e.getKey(), Map.of()), newest.get(e.getKey()));
        }
    }

    @Override
    public String describe() {
        return where;
    }

    @Override
    public Optional<Track> track(String repository) throws BumpException {
        return tracks.get(repository, where);
    }

    @Override
    public List<Fix> fixed(Track track, int from, int to) {
        Map<String, Fix> out = new LinkedHashMap<>();
        for (Item i : items) {
            if (i.image().equals(track.image()) && i.kind().equals("released") && i.build() > from && i.build() <= to) {
                i.fixed().forEach(f -> out.putIfAbsent(f.id() + " " + f.packageName(), f));
            }
        }
        return new ArrayList<>(out.values());
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        if (!v.isTextual() || v.asText().isEmpty()) {
            throw new IllegalArgumentException("an item's field " + field + " is missing or not a string");
        }
        return v.asText();
    }

    private static int number(JsonNode n, String field) {
        JsonNode v = n.path(field);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
            throw new IllegalArgumentException("an item's field " + field + " is not a build number");
        }
        return v.asInt();
    }

    private BumpException bad(String why) {
        return new BumpException(Kind.BAD_INPUT, "cannot read " + where + ": " + why);
    }
}
