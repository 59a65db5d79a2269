package dev.bulwark.catalog.bump;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.catalog.model.Publication;
import dev.bulwark.core.BulwarkException.Kind;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Releases read from a Bulwark server's API ({@code bulwark serve}): {@code GET /api/v1/images}, each image's
 * {@code /builds} (builds and publications) and {@code /diff?a=&b=} for the CVEs fixed, with a bearer token.
 * Every digest and number in an answer is checked before use; an answer that is not what the OpenAPI document
 * says stops the bump.
 */
public final class ServerReleases implements ReleaseSource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9._-]{0,126}[a-z0-9])?");
    private final URI api;
    private final String token;
    private final HttpGet http = new HttpGet();
    private Tracks tracks;

    /** {@code server}: the server's base URL ({@code https://HOST[:PORT]}, {@code /api/v1} optional). */
    public ServerReleases(String server, String token) throws BumpException {
        String base = server.replaceAll("/+$", "").replaceAll("/api/v1$", "");
        this.api = HttpGet.check(base + "/api/v1/", "--server");
        this.token = token;
    }

    @Override
    public String describe() {
        return "server " + api.resolve("/");
    }

    @Override
    public Optional<Track> track(String repository) throws BumpException {
        if (tracks == null) {
            tracks = load();
        }
        return tracks.get(repository, describe());
    }

    private Tracks load() throws BumpException {
        Tracks t = new Tracks();
        try {
            loadInto(t);
        } catch (IllegalArgumentException e) {
            throw bad("the builds", e.getMessage());
        }
        return t;
    }

    private void loadInto(Tracks t) throws BumpException {
        for (JsonNode image : array(get("images"), "the image list")) {
            String name = name(image.path("name").asText(null));
            if (image.path("current").isNull()) {
                continue;
            }
            JsonNode history = get("images/" + name + "/builds");
            Map<Integer, Map<String, String>> platforms = new HashMap<>();
            Map<Integer, String> reasons = new HashMap<>();
            for (JsonNode b : array(history.path("builds"), "the builds of " + name)) {
                Map<String, String> m = new LinkedHashMap<>();
                if (!b.path("index").isNull()) {
                    for (JsonNode p : array(b.path("platforms"), "the platforms of " + name)) {
                        m.put(text(p, "platform"), text(p, "manifest"));
                    }
                }
                platforms.put(number(b, "build"), m);
                reasons.put(number(b, "build"), b.path("reason").asText(""));
            }
            List<Publication> ps = new ArrayList<>();
            for (JsonNode p : array(history.path("publications"), "the publications of " + name)) {
                ps.add(publication(p));
            }
            t.add(name, ps, platforms, reasons, null);
        }
    }

    @Override
    public List<Fix> fixed(Track track, int from, int to) throws BumpException {
        JsonNode diff = get("images/" + name(track.image()) + "/diff?a=" + from + "&b=" + to);
        List<Fix> out = new ArrayList<>();
        for (JsonNode v : array(diff.path("vulnerabilities").path("fixed"), "the CVEs fixed in " + track.image())) {
            try {
                out.add(new Fix(text(v, "id"), text(v, "package"), v.path("fixedVersion").asText(null),
                        v.path("severity").asText(null)));
            } catch (IllegalArgumentException e) {
                throw bad("the CVEs fixed in " + track.image(), e.getMessage());
            }
        }
        return out;
    }

    private Publication publication(JsonNode p) throws BumpException {
        try {
            Publication.Kind kind = Publication.Kind.valueOf(text(p, "kind").toUpperCase(Locale.ROOT));
            Instant replaced = p.path("replacedAt").isNull() ? null : Instant.parse(text(p, "replacedAt"));
            return new Publication(text(p, "reference"), text(p, "digest"), kind, number(p, "build"),
                    Instant.parse(text(p, "publishedAt")), replaced);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw bad("a publication", e.getMessage());
        }
    }

    private JsonNode get(String path) throws BumpException {
        URI url = api.resolve(path);
        byte[] body = http.get(url, token, "application/json", status -> switch (status) {
            case 401 -> new BumpException(Kind.BAD_INPUT, "cannot read " + url + ": the server wants a valid token "
                    + "(401); give --token-file FILE or BULWARK_TOKEN with a token of role read");
            case 403 -> new BumpException(Kind.BAD_INPUT, "cannot read " + url + ": the token may not read (403)");
            default -> new BumpException(status >= 500 ? Kind.ENVIRONMENT : Kind.BAD_INPUT, "cannot read " + url
                    + ": the server answered HTTP " + status);
        });
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw bad(url.toString(), "not JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    private static Iterable<JsonNode> array(JsonNode n, String what) throws BumpException {
        if (!n.isArray()) {
            throw bad(what, "not a JSON array");
        }
        return n;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field " + field + " is missing or not a string");
        }
        return v.asText();
    }

    private static int number(JsonNode n, String field) {
        JsonNode v = n.path(field);
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
            throw new IllegalArgumentException("field " + field + " is not a build number");
        }
        return v.asInt();
    }

    private static String name(String name) throws BumpException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw bad("the image list", "'" + name + "' is not an image name");
        }
        return name;
    }

    private static BumpException bad(String what, String why) {
        return new BumpException(Kind.ENVIRONMENT, "cannot read " + what + " from the server: " + why
                + "; is it a Bulwark server of this version?");
    }
}
