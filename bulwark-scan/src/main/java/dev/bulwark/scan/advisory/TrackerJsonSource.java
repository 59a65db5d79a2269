package dev.bulwark.scan.advisory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bulwark.scan.ScanException;
import dev.bulwark.core.BulwarkException.Kind;
import dev.bulwark.debian.version.DebianVersion;
import dev.bulwark.debian.version.VersionParseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The Debian security tracker's JSON ({@code {source: {CVE: {description, releases: {codename: {status,
 * fixed_version, urgency, nodsa, nodsa_reason, repositories}}}}}}), streamed one CVE at a time so the whole file
 * (tens of MB) is never a tree in memory. Plain or gzip-compressed files are read alike.
 */
public final class TrackerJsonSource implements AdvisorySource {

    public static final String ORIGIN = "debian-tracker";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;

    public TrackerJsonSource(Path file) {
        this.file = file;
    }

    @Override
    public String name() {
        return ORIGIN + ":" + file;
    }

    @Override
    public void advisories(AdvisoryQuery query, Consumer<Advisory> sink) throws ScanException {
        try (InputStream in = Inputs.open(file)) {
            read(in, file.toString(), query, sink);
        } catch (IOException e) {
            throw new ScanException(Kind.BAD_INPUT, "cannot read tracker JSON " + file + ": " + e.getMessage(), e);
        }
    }

    /** Streams a tracker document; {@code where} names it in errors. */
    public static void read(InputStream in, String where, AdvisoryQuery query, Consumer<Advisory> sink)
            throws IOException, ScanException {
        JsonFactory factory = MAPPER.getFactory();
        try (JsonParser p = factory.createParser(in)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, where);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String source = p.currentName();
                expect(p.nextToken(), JsonToken.START_OBJECT, where);
                boolean wanted = query.sources().isEmpty() || query.sources().containsKey(source);
                if (!wanted) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String cve = p.currentName();
                    p.nextToken();
                    JsonNode node = MAPPER.readTree(p);
                    emit(source, cve, node, query.release(), where, sink);
                }
            }
        }
    }

    private static void emit(String source, String cve, JsonNode node, String release, String where,
                             Consumer<Advisory> sink) throws ScanException {
        JsonNode releases = node.path("releases");
        JsonNode r = releases.get(release);
        if (r == null || !r.isObject()) {
            return;
        }
        AdvisoryStatus status = AdvisoryStatus.of(r.path("status").asText(""));
        DebianVersion fixed = null;
        if (status == AdvisoryStatus.RESOLVED) {
            String text = r.path("fixed_version").asText("");
            if (text.isEmpty()) {
                status = AdvisoryStatus.UNDETERMINED;
            } else {
                fixed = version(text, where, source, cve);
            }
        }
        Map<String, DebianVersion> repos = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = r.path("repositories").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            repos.put(e.getKey(), version(e.getValue().asText(""), where, source, cve));
        }
        sink.accept(new Advisory(source, release, cve, status, fixed, r.path("urgency").asText(""),
                r.path("nodsa").asText(""), r.path("nodsa_reason").asText(""), repos, ORIGIN,
                node.path("description").asText("")));
    }

    private static DebianVersion version(String text, String where, String source, String cve) throws ScanException {
        try {
            return DebianVersion.parse(text);
        } catch (VersionParseException e) {
            throw new ScanException(Kind.BAD_INPUT, "cannot read tracker JSON " + where + ": " + source + " " + cve
                    + ": " + e.getMessage(), e);
        }
    }

    private static void expect(JsonToken got, JsonToken want, String where) throws ScanException {
        if (got != want) {
            throw new ScanException(Kind.BAD_INPUT, "cannot read tracker JSON " + where + ": expected " + want
                    + ", found " + got + " (is it the security tracker's JSON?)");
        }
    }
}
