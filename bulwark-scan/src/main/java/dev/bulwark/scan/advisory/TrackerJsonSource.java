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
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
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
    private final Path indexDir;

    public TrackerJsonSource(Path file) {
        this(file, null);
    }

    /** With an {@code indexDir}, a scan of some sources reads only their objects (see {@link TrackerIndex}). */
    public TrackerJsonSource(Path file, Path indexDir) {
        this.file = file;
        this.indexDir = indexDir;
    }

    @Override
    public String name() {
        return ORIGIN + ":" + file;
    }

    @Override
    public void advisories(AdvisoryQuery query, Consumer<Advisory> sink) throws ScanException {
        try {
            TrackerIndex index = indexDir == null || query.sources().isEmpty() || Inputs.isGzip(file) ? null
                    : TrackerIndex.of(indexDir, file);
            if (index != null) {
                Map<String, TrackerIndex.Span> spans = index.read();
                if (spans != null) {
                    List<Advisory> found = readIndexed(index, spans, query);
                    if (found != null) {
                        found.forEach(sink);
                        return;
                    }
                }
            }
            Map<String, TrackerIndex.Span> spans = index == null ? null : new LinkedHashMap<>();
            try (InputStream in = Inputs.open(file)) {
                read(in, file.toString(), query, sink, spans);
            }
            if (spans != null && !spans.isEmpty()) {   // empty: the file cannot be indexed, so no index claims it can
                index.write(spans);
            }
        } catch (IOException e) {
            throw new ScanException(Kind.BAD_INPUT, "cannot read tracker JSON " + file + ": " + e.getMessage(), e);
        }
    }

    /** Streams a tracker document; {@code where} names it in errors. */
    public static void read(InputStream in, String where, AdvisoryQuery query, Consumer<Advisory> sink)
            throws IOException, ScanException {
        read(in, where, query, sink, null);
    }

    /**
     * As {@link #read(InputStream, String, AdvisoryQuery, Consumer)}; with {@code spans}, records where each source's
     * object lies (emptied again when a source appears twice or a name cannot be indexed: no index then).
     */
    private static void read(InputStream in, String where, AdvisoryQuery query, Consumer<Advisory> sink,
                             Map<String, TrackerIndex.Span> spans) throws IOException, ScanException {
        JsonFactory factory = MAPPER.getFactory();
        boolean indexable = spans != null;
        try (JsonParser p = factory.createParser(in)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, where);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String source = p.currentName();
                long key = p.currentTokenLocation().getByteOffset();
                expect(p.nextToken(), JsonToken.START_OBJECT, where);
                long start = p.currentTokenLocation().getByteOffset();
                boolean wanted = query.sources().isEmpty() || query.sources().containsKey(source);
                if (!wanted) {
                    p.skipChildren();
                } else {
                    cves(p, source, query.release(), where, sink);
                }
                if (indexable) {
                    long end = p.currentLocation().getByteOffset();
                    indexable = TrackerIndex.indexable(source) && key >= 0 && start > key && end > start
                            && spans.put(source, new TrackerIndex.Span(key, start, end)) == null;
                }
            }
        }
        if (spans != null && !indexable) {
            spans.clear();
        }
    }

    /** The CVE members of a source's object, the parser just past its START_OBJECT; ends on its END_OBJECT. */
    private static void cves(JsonParser p, String source, String release, String where, Consumer<Advisory> sink)
            throws IOException, ScanException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String cve = p.currentName();
            p.nextToken();
            JsonNode node = MAPPER.readTree(p);
            emit(source, cve, node, release, where, sink);
        }
    }

    /**
     * The advisories of the query's sources read through the index, in the file's order; null when a span does not
     * check out, so the caller reads the whole file instead (and rewrites the index).
     */
    private List<Advisory> readIndexed(TrackerIndex index, Map<String, TrackerIndex.Span> spans, AdvisoryQuery query)
            throws IOException {
        List<Map.Entry<String, TrackerIndex.Span>> wanted = new ArrayList<>();
        for (String source : query.sources().keySet()) {
            TrackerIndex.Span span = spans.get(source);
            if (span != null) {
                wanted.add(Map.entry(source, span));
            }
        }
        wanted.sort(Comparator.comparingLong(e -> e.getValue().key()));
        List<Advisory> out = new ArrayList<>();
        JsonFactory factory = MAPPER.getFactory();
        try (FileChannel channel = index.open()) {
            for (Map.Entry<String, TrackerIndex.Span> e : wanted) {
                byte[] object = index.object(channel, e.getKey(), e.getValue());
                if (object == null) {
                    return null;
                }
                try (JsonParser p = factory.createParser(object)) {
                    if (p.nextToken() != JsonToken.START_OBJECT) {
                        return null;
                    }
                    cves(p, e.getKey(), query.release(), file.toString(), out::add);
                    if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                        return null;
                    }
                } catch (IOException | ScanException bad) {
                    return null;
                }
            }
        }
        return out;
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
